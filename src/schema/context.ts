import type { Clock } from '../clock.js';
import type { Datasources, Loaders } from '../datasources/registry.js';
import type { Logger } from '../logger.js';

/** What a client may see; client authentication with scopes will fill this in. */
export interface Viewer {
  canReadSoftphoneSecrets: boolean;
}

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
  settings: SchemaSettings;
  clock: Clock;
  logger: Logger;
}
