import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './connection.js';
import './access-code.js';
import './softphone.js';
import './called-info.js';
import './call-record.js';
import './anonymous-call.js';

/** The executable schema; built once per process. */
export const schema = builder.toSchema();

/** SDL as checked in to schema.graphql: sorted, with descriptions. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
