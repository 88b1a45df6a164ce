import { describe, expect, it } from 'vitest';
import type { AccessCode, AccessCodeQuery } from '../../../src/datasources/access-codes.js';
import type { CallRecordQuery } from '../../../src/datasources/call-records.js';
import { createLoaders, type Datasources } from '../../../src/datasources/registry.js';
import type { SoftphonePage } from '../../../src/datasources/softphones.js';
import type { PageRequest } from '../../../src/datasources/vendor/paging.js';

const code = (accessCode: string): AccessCode => ({
  id: accessCode,
  accessCode,
  description: null,
  n400Number: null,
  mediaType: { code: 5, name: 'MEDIA_TYPE_PHONE', description: 'Common voice call' },
  callDirection: 'BOTH',
});

const NODES = [
  {
    mode: 'SINGLE' as const,
    poolNode: null,
    registrationIp: '10.0.0.1',
    registrationPort: 5060,
    sipServiceIp: null,
    sipServicePort: null,
  },
];

/** Fake datasources that count calls and track how many are in flight. */
function fakeSources(options: { delayMs?: number; offsetCeiling?: number } = {}) {
  const calls: Record<string, unknown[]> = {
    accessCodes: [],
    softphones: [],
    calledInfo: [],
    callRecords: [],
  };
  let inFlight = 0;
  let maxInFlight = 0;
  const track = async <T>(kind: string, key: unknown, value: () => T): Promise<T> => {
    calls[kind]?.push(key);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0));
    inFlight--;
    return value();
  };
  const sources: Datasources = {
    accessCodes: {
      offsetCeiling: options.offsetCeiling ?? 100,
      list: (query: AccessCodeQuery) =>
        track('accessCodes', query, () => {
          // Fuzzy: every code containing the filter, from a list of 150 (to exercise the second page).
          const all = Array.from({ length: 150 }, (_, i) =>
            code(`${query.accessCode}${i === 120 ? '' : `-${i}`}`),
          );
          const matches = query.accessCode === 'missing' ? [] : all;
          return { total: matches.length, items: matches.slice(query.offset, query.offset + query.limit) };
        }),
    },
    softphones: {
      list: (page: PageRequest) =>
        track('softphones', page, (): SoftphonePage => ({ total: 3, items: [], registrationNodes: NODES })),
    },
    calledInfo: {
      get: (query) =>
        track('calledInfo', query, () => {
          if (query.called === 'boom') throw new Error(`no route for ${query.called}`);
          if (query.called === 'none') return null;
          return {
            caller: query.caller,
            called: query.called,
            deviceType: 'NUMBER',
            routedNumber: null,
            skillId: null,
            skillName: null,
          };
        }),
    },
    anonymousCalls: {
      create: async () => ({ ok: false, reason: 'UNKNOWN', vendorCode: 'x', message: 'not used' }),
    },
    callRecords: {
      timeZone: 'UTC',
      window: () => ({ earliest: 0, latest: 86_400_000 }),
      list: (query: CallRecordQuery) => track('callRecords', query, () => ({ total: 0, items: [] })),
    },
  };
  return { sources, calls, maxInFlight: () => maxInFlight };
}

describe('createLoaders', () => {
  it('makes one upstream call for N identical lookups, whatever the key object looks like', async () => {
    const { sources, calls } = fakeSources();
    const loaders = createLoaders(sources);
    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => loaders.calledInfo.route.load({ caller: '1', called: '2' })),
      loaders.calledInfo.route.load({ called: '2', caller: '1' }),
    ]);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(calls.calledInfo).toHaveLength(1);
    await loaders.calledInfo.route.load({ caller: '1', called: '2' });
    expect(calls.calledInfo).toHaveLength(1);

    const page = { ccId: 1, vdn: 2, direction: 'INBOUND' as const, from: 0, to: 1, limit: 10, offset: 0 };
    await Promise.all([
      loaders.callRecords.page.load(page),
      loaders.callRecords.page.load({ ...page, callerNumber: undefined }),
    ]);
    expect(calls.callRecords).toHaveLength(1);
  });

  it('returns batch results in key order with per-key errors', async () => {
    const { sources } = fakeSources();
    const loaders = createLoaders(sources);
    const keys = ['a', 'boom', 'none', 'b'].map((called) => ({ caller: '1', called }));
    const results = await loaders.calledInfo.route.loadMany(keys);
    expect(results[0]).toMatchObject({ called: 'a' });
    expect(results[1]).toBeInstanceOf(Error);
    expect((results[1] as Error).message).toBe('no route for boom');
    expect(results[2]).toBeNull();
    expect(results[3]).toMatchObject({ called: 'b' });
  });

  it('runs independent keys concurrently, at most 8 at a time', async () => {
    const { sources, calls, maxInFlight } = fakeSources({ delayMs: 5 });
    const loaders = createLoaders(sources);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => loaders.calledInfo.route.load({ caller: '1', called: `n${i}` })),
    );
    expect(calls.calledInfo).toHaveLength(30);
    expect(maxInFlight()).toBe(8);
  });

  it('shares one queryPhone call between a page and registrationNodes() in the same tick', async () => {
    const { sources, calls } = fakeSources();
    const loaders = createLoaders(sources);
    const [page, nodes] = await Promise.all([
      loaders.softphones.page.load({ limit: 10, offset: 0 }),
      loaders.softphones.registrationNodes(),
    ]);
    expect(page.total).toBe(3);
    expect(nodes).toEqual(NODES);
    expect(calls.softphones).toEqual([{ limit: 10, offset: 0 }]);
  });

  it('shares the call also when registrationNodes() is asked first in the tick', async () => {
    const { sources, calls } = fakeSources();
    const loaders = createLoaders(sources);
    const nodes = loaders.softphones.registrationNodes();
    const page = loaders.softphones.page.load({ limit: 5, offset: 10 });
    await Promise.all([nodes, page]);
    expect(calls.softphones).toEqual([{ limit: 5, offset: 10 }]);
  });

  it('reuses a page loaded earlier in the operation', async () => {
    const { sources, calls } = fakeSources();
    const loaders = createLoaders(sources);
    await loaders.softphones.page.load({ limit: 20, offset: 40 });
    expect(await loaders.softphones.registrationNodes()).toEqual(NODES);
    expect(await loaders.softphones.registrationNodes()).toEqual(NODES);
    expect(calls.softphones).toEqual([{ limit: 20, offset: 40 }]);
  });

  it('loads the smallest page when nothing else brings the servers', async () => {
    const { sources, calls } = fakeSources();
    const loaders = createLoaders(sources);
    expect(await loaders.softphones.registrationNodes()).toEqual(NODES);
    // A later explicit request for that same page is served from the cache.
    await loaders.softphones.page.load({ offset: 0, limit: 1 });
    expect(calls.softphones).toEqual([{ limit: 1, offset: 0 }]);
  });

  it('finds access codes by exact match through one deduplicated fuzzy query', async () => {
    const { sources, calls } = fakeSources();
    const loaders = createLoaders(sources);
    const [a, b, missing] = await Promise.all([
      loaders.accessCodes.byCode.load('991'),
      loaders.accessCodes.byCode.load('991'),
      loaders.accessCodes.byCode.load('missing'),
    ]);
    // '991' itself is item 120 of the fuzzy list: found on the second page (offset 100).
    expect(a).toEqual(code('991'));
    expect(b).toBe(a);
    expect(missing).toBeNull();
    expect(calls.accessCodes).toEqual([
      { accessCode: '991', limit: 100, offset: 0 },
      { accessCode: 'missing', limit: 100, offset: 0 },
      { accessCode: '991', limit: 100, offset: 100 },
    ]);
    // The same fuzzy page requested directly shares the cached call.
    await loaders.accessCodes.page.load({ limit: 100, offset: 0, accessCode: '991' });
    expect(calls.accessCodes).toHaveLength(3);
  });

  it('looks up access codes with aligned pages up to the ceiling, and says so when the code may lie past it', async () => {
    // '991' is row 120 of its fuzzy list of 150: past what a ceiling of 50 lets the vendor page to (row 100).
    const { sources, calls } = fakeSources({ offsetCeiling: 50 });
    await expect(createLoaders(sources).accessCodes.byCode.load('991')).rejects.toMatchObject({
      code: 'PAGINATION_LIMIT_EXCEEDED',
    });
    expect(calls.accessCodes).toEqual([{ accessCode: '991', limit: 100, offset: 0 }]);
    const none = fakeSources({ offsetCeiling: 0 });
    await expect(createLoaders(none.sources).accessCodes.byCode.load('991')).rejects.toMatchObject({
      code: 'PAGINATION_LIMIT_EXCEEDED',
    });
    // A fuzzy list that ends within reach proves the code absent.
    expect(await createLoaders(none.sources).accessCodes.byCode.load('missing')).toBeNull();
  });

  it('keeps separate caches per operation', async () => {
    const { sources, calls } = fakeSources();
    await createLoaders(sources).calledInfo.route.load({ caller: '1', called: '2' });
    await createLoaders(sources).calledInfo.route.load({ caller: '1', called: '2' });
    expect(calls.calledInfo).toHaveLength(2);
  });
});
