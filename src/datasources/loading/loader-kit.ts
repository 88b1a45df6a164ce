import DataLoader from 'dataloader';
import type { OperationScope } from '../../transport/operation-scope.js';
import { mapBounded } from './bounded-map.js';
import { stableKey } from './stable-key.js';
import { TickScheduler } from './tick-scheduler.js';

/**
 * What a datasource gets to build its per-request loaders with: within one GraphQL operation identical
 * upstream requests are made once, independent ones run concurrently, and each batch's fan-out is bounded.
 */
export interface LoaderKit {
  /** The operation these loaders serve: every call they make is made for it (budget, deadline). */
  readonly operation: OperationScope | undefined;
  /** A DataLoader over `load`, keyed by value (equal requests share one call). */
  loader<K, V>(load: (key: K) => Promise<V>): DataLoader<K, V, string>;
  /** Like `loader`, but also hands the whole batch's results to `onBatch` (e.g. to share one reply). */
  observedLoader<K, V>(
    load: (key: K) => Promise<V>,
    onBatch: (results: Promise<Array<V | Error>>) => void,
  ): DataLoader<K, V, string>;
  /**
   * A DataLoader whose batch function sees the whole tick's distinct keys at once, for lookups whose
   * cheapest plan depends on how many keys there are (e.g. read a list's pages instead of one call each).
   */
  batchLoader<K, V>(
    loadBatch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>,
  ): DataLoader<K, V, string>;
  /** Runs `callback` after every batch of this tick has been dispatched. */
  afterDispatch(callback: () => void): void;
}

export interface LoaderKitOptions {
  /** Upstream calls in flight per loader batch. */
  concurrency?: number;
}

const DEFAULT_LOADER_CONCURRENCY = 8;

/** One kit per GraphQL operation: its loaders share one tick scheduler. */
export function createLoaderKit(operation?: OperationScope, options: LoaderKitOptions = {}): LoaderKit {
  const concurrency = options.concurrency ?? DEFAULT_LOADER_CONCURRENCY;
  const scheduler = new TickScheduler();
  const observedLoader: LoaderKit['observedLoader'] = <K, V>(
    load: (key: K) => Promise<V>,
    onBatch: (results: Promise<Array<V | Error>>) => void,
  ) =>
    new DataLoader<K, V, string>(
      (keys) => {
        const batch = mapBounded(keys, concurrency, load);
        onBatch(batch);
        return batch;
      },
      { cacheKeyFn: stableKey, batchScheduleFn: scheduler.dispatch },
    );
  return {
    operation,
    loader: (load) => observedLoader(load, () => {}),
    observedLoader,
    batchLoader: (loadBatch) =>
      new DataLoader(loadBatch, { cacheKeyFn: stableKey, batchScheduleFn: scheduler.dispatch }),
    afterDispatch: (callback) => scheduler.afterDispatch(callback),
  };
}
