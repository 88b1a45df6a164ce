import type { TOKEN_ENDPOINT } from '../auth/token-provider.js';
import type { OperationScope } from '../transport/operation-scope.js';
import { accessCodesDatasource } from './access-codes.js';
import { anonymousCallsDatasource } from './anonymous-calls.js';
import { callRecordsDatasource } from './call-records.js';
import { calledInfoDatasource } from './called-info.js';
import type { DatasourceDependencies } from './datasource.js';
import { createLoaderKit, type LoaderKit, type LoaderKitOptions } from './loading/loader-kit.js';
import { softphonesDatasource } from './softphones.js';

/** Every vendor interface the server calls, registered once; the types below derive from this list. */
const DATASOURCES = {
  accessCodes: accessCodesDatasource,
  softphones: softphonesDatasource,
  calledInfo: calledInfoDatasource,
  anonymousCalls: anonymousCallsDatasource,
  callRecords: callRecordsDatasource,
} as const;

type Registry = typeof DATASOURCES;
type Key = keyof Registry;

/** The process-wide sources, one per registered interface. */
export type Datasources = { [K in Key]: ReturnType<Registry[K]['create']> };

/** One operation's loaders, one set per registered interface. */
export type Loaders = { [K in Key]: ReturnType<Registry[K]['loaders']> };

/** Every upstream endpoint name: the registered interfaces plus tokenByAkSk. */
export type EndpointName = Registry[Key]['endpoint']['name'] | typeof TOKEN_ENDPOINT.name;

const KEYS = Object.keys(DATASOURCES) as Key[];

export function createDatasources(dependencies: DatasourceDependencies): Datasources {
  return Object.fromEntries(
    KEYS.map((key) => [key, DATASOURCES[key].create(dependencies)]),
  ) as unknown as Datasources;
}

/**
 * Build once per GraphQL operation (in the context factory), never share between operations; every call
 * the loaders make is made for `operation` (none: unbounded, as for tests of the datasources alone).
 */
export function createLoaders(
  datasources: Datasources,
  operation?: OperationScope,
  options: LoaderKitOptions = {},
): Loaders {
  const kit = createLoaderKit(operation, options);
  const loadersOf = <K extends Key>(key: K) =>
    (DATASOURCES[key].loaders as (source: Datasources[K], kit: LoaderKit) => Loaders[K])(
      datasources[key],
      kit,
    );
  return Object.fromEntries(KEYS.map((key) => [key, loadersOf(key)])) as unknown as Loaders;
}
