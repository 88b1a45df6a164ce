import { printSubgraphSchema } from '@apollo/subgraph';
import { builder } from './builder.js';
import { inlineEdgeNodes } from './inline-edge-nodes.js';
import { guardRootFields } from './scopes.js';
import './scalars.js';
import './connection.js';
import './access-code.js';
import './softphone.js';
import './called-info.js';
import './call-record.js';
import './anonymous-call.js';
import './entities.js';
import { sortSdl } from './sorted-sdl.js';

/**
 * The executable schema, built once per process: an Apollo Federation v2 subgraph (`_service`,
 * `_entities`) that serves plain GraphQL clients just the same. Sorted lexicographically.
 */
export const schema = inlineEdgeNodes(
  guardRootFields(builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' })),
);

/** SDL as checked in to schema.graphql: the subgraph SDL (`_service { sdl }`), sorted, with descriptions. */
export function printSortedSchema(): string {
  return sortSdl(printSubgraphSchema(schema));
}
