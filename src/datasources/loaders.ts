import DataLoader from 'dataloader';
import { mapBounded } from './bounded-map.js';
import type {
  AccessCode,
  AccessCodeQuery,
  CalledInfo,
  CalledInfoQuery,
  CallRecord,
  CallRecordQuery,
  Datasources,
  Page,
  PageRequest,
  RegistrationNode,
  SoftphonePage,
} from './domain.js';
import { stableKey } from './loader-keys.js';
import { VENDOR_MAX_LIMIT } from './paging.js';
import { TickScheduler } from './tick-scheduler.js';

/**
 * Per-request DataLoaders over the shared datasources: within one GraphQL operation identical upstream
 * requests are made once, independent ones run concurrently, and fan-outs are bounded.
 */
export interface Loaders {
  accessCodePage: DataLoader<AccessCodeQuery, Page<AccessCode>, string>;
  /** Exact match on the access code (the vendor matches fuzzily; this filters). */
  accessCodeByCode: DataLoader<string, AccessCode | null, string>;
  softphonePage: DataLoader<PageRequest, SoftphonePage, string>;
  /** Registration servers ride on a queryPhone page this operation loads anyway, else load one. */
  registrationNodes(): Promise<RegistrationNode[]>;
  calledInfo: DataLoader<CalledInfoQuery, CalledInfo | null, string>;
  callRecordPage: DataLoader<CallRecordQuery, Page<CallRecord>, string>;
}

export interface LoaderOptions {
  /** Upstream calls in flight per loader batch. */
  concurrency?: number;
  /** queryAccessCodeList's offset ceiling (CEC_ACCESS_CODE_MAX_OFFSET); default as documented, 100. */
  accessCodeMaxOffset?: number;
}

export const DEFAULT_LOADER_CONCURRENCY = 8;

/** The cheapest queryPhone call, made only when nothing else in the operation brings the servers. */
const REGISTRATION_PAGE: PageRequest = { limit: 1, offset: 0 };

/** Build once per GraphQL operation (in the context factory), never share between operations. */
export function createLoaders(sources: Datasources, options: LoaderOptions = {}): Loaders {
  const concurrency = options.concurrency ?? DEFAULT_LOADER_CONCURRENCY;
  const maxOffset = options.accessCodeMaxOffset ?? VENDOR_MAX_LIMIT;
  const lookupOffsets = [...new Set([0, Math.min(VENDOR_MAX_LIMIT, maxOffset)])];
  const scheduler = new TickScheduler();
  const loader = <K, V>(load: (key: K) => Promise<V>) =>
    new DataLoader<K, V, string>((keys) => mapBounded(keys, concurrency, load), {
      cacheKeyFn: stableKey,
      batchScheduleFn: scheduler.dispatch,
    });

  const accessCodePage = loader((query: AccessCodeQuery) => sources.accessCodes.list(query));

  // The first softphone page this operation asked for; every queryPhone reply carries the servers.
  let firstSoftphonePage: Promise<SoftphonePage> | null = null;
  const softphonePage = new DataLoader<PageRequest, SoftphonePage, string>(
    (keys) => {
      const batch = mapBounded(keys, concurrency, (page) => sources.softphones.list(page));
      if (!firstSoftphonePage) {
        firstSoftphonePage = batch.then(([first]) => {
          if (first === undefined || first instanceof Error)
            throw first ?? new Error('empty softphone batch');
          return first;
        });
        // Only registrationNodes() may read it; a failed page must not become an unhandled rejection.
        firstSoftphonePage.catch(() => undefined);
      }
      return batch;
    },
    { cacheKeyFn: stableKey, batchScheduleFn: scheduler.dispatch },
  );

  let registrationNodesPromise: Promise<RegistrationNode[]> | null = null;
  const loadRegistrationNodes = () =>
    softphonePage.load(REGISTRATION_PAGE).then((page) => page.registrationNodes);

  const accessCodeByCode = loader(async (code: string): Promise<AccessCode | null> => {
    // Fuzzy match: "12" also returns "123". Filter to the exact code, searching at most two pages
    // and never past the vendor's offset ceiling.
    for (const offset of lookupOffsets) {
      const page = await accessCodePage.load({ accessCode: code, limit: VENDOR_MAX_LIMIT, offset });
      const match = page.items.find((item) => item.accessCode === code);
      if (match) return match;
      if (page.total <= offset + VENDOR_MAX_LIMIT) break;
    }
    return null;
  });

  return {
    accessCodePage,
    accessCodeByCode,
    softphonePage,
    registrationNodes() {
      // Decide after this tick's batches are dispatched, so a page requested in the same tick is shared.
      registrationNodesPromise ??= new Promise<RegistrationNode[]>((resolve) => {
        scheduler.afterDispatch(() => {
          const shared = firstSoftphonePage;
          resolve(
            shared
              ? shared.then((page) => page.registrationNodes, loadRegistrationNodes)
              : loadRegistrationNodes(),
          );
        });
      });
      return registrationNodesPromise;
    },
    calledInfo: loader((query: CalledInfoQuery) => sources.calledInfo.get(query)),
    callRecordPage: loader((query: CallRecordQuery) => sources.callRecords.list(query)),
  };
}
