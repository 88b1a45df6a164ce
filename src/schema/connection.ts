import type { GraphQLContext } from '../context.js';
import { builder } from './builder.js';
import type { ConnectionLimits } from './pagination.js';

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items match in total, across all pages (as reported by the vendor).',
    resolve: (connection) => connection.totalCount,
  }),
);

/** Paging limits of a connection whose vendor offset is unbounded (or capped at `maxOffset`). */
export function connectionLimits(
  context: GraphQLContext,
  maxOffset = Number.POSITIVE_INFINITY,
): ConnectionLimits {
  return {
    defaultPageSize: context.settings.defaultPageSize,
    maxPageSize: context.settings.maxPageSize,
    maxOffset,
  };
}
