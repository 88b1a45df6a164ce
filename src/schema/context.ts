import type { Viewer } from '../auth/client/viewer.js';
import type { CallSafety } from '../call-safety/index.js';
import type { Clock } from '../clock.js';
import type { Datasources, Loaders } from '../datasources/registry.js';
import type { Logger } from '../logger.js';
import type { OperationScope } from '../transport/operation-scope.js';

/** The client of the request (subject and scopes); `requireScope` in ./scopes.ts checks it per field. */
export type { Viewer };

/** Settings the schema needs, fixed per process. */
export interface SchemaSettings {
  defaultPageSize: number;
  maxPageSize: number;
  defaultCcId: number;
}

/** Built fresh for every GraphQL request: loaders never share a cache across requests. */
export interface GraphQLContext {
  requestId: string;
  viewer: Viewer;
  loaders: Loaders;
  datasources: Datasources;
  /** Idempotency keys and call limits of createAnonymousCall, shared by the process (or all replicas). */
  callSafety: CallSafety;
  settings: SchemaSettings;
  clock: Clock;
  logger: Logger;
  /** This operation's upstream budget and deadline; the loaders make every call for it. */
  operation: OperationScope;
}
