import { describe, expect, it } from 'vitest';
import type { Page, PageRequest } from '../../../src/datasources/vendor/paging.js';
import {
  type ConnectionArgs,
  OffsetLimitError,
  planVendorPages,
  resolveOffsetConnection,
} from '../../../src/schema/connection.js';
import { decodeCursor, encodeCursor } from '../../../src/schema/cursor.js';

/** A vendor list of `total` rows that honours limit/offset like the real one (limit capped at 100). */
function vendorList(total: number, maxOffset = Number.POSITIVE_INFINITY) {
  const rows = Array.from({ length: total }, (_, i) => `row-${i}`);
  const requests: PageRequest[] = [];
  const fetchPage = async (request: PageRequest): Promise<Page<string>> => {
    requests.push(request);
    if (request.offset > maxOffset) throw new Error(`offset ${request.offset} above ${maxOffset}`);
    const limit = Math.min(request.limit, 100);
    return { total, items: rows.slice(request.offset, request.offset + limit) };
  };
  return { rows, requests, fetchPage };
}

const limits = { defaultPageSize: 20, maxPageSize: 500, maxOffset: Number.POSITIVE_INFINITY };

const scope = { connection: 'rows', what: 'rows' };

describe('cursor encoding', () => {
  it('round-trips offsets and rejects foreign cursors', () => {
    expect(decodeCursor(encodeCursor(42, scope), 'after', scope)).toBe(42);
    expect(() => decodeCursor('not-a-cursor', 'after', scope)).toThrow(/after: is not a cursor/);
    expect(() => decodeCursor(encodeCursor(-1, scope), 'before', scope)).toThrow(/before/);
  });

  it('rejects a cursor of another connection or of other filters', () => {
    const cursor = encodeCursor(3, { connection: 'accessCodes', filter: { mediaTypeId: 5 } });
    expect(() => decodeCursor(cursor, 'after', { connection: 'softphones' })).toThrow(
      /not a cursor of this connection/,
    );
    expect(() =>
      decodeCursor(cursor, 'after', { connection: 'accessCodes', filter: { mediaTypeId: 2 } }),
    ).toThrow(/not a cursor of this connection/);
    expect(decodeCursor(cursor, 'after', { connection: 'accessCodes', filter: { mediaTypeId: 5 } })).toBe(3);
  });
});

describe('planVendorPages', () => {
  it('splits a window into pages of at most 100', () => {
    expect(planVendorPages(0, 250, Number.POSITIVE_INFINITY)).toEqual([
      { offset: 0, limit: 100 },
      { offset: 100, limit: 100 },
      { offset: 200, limit: 50 },
    ]);
  });

  it('reaches rows past the offset ceiling from the ceiling itself', () => {
    expect(planVendorPages(150, 200, 100)).toEqual([{ offset: 100, limit: 100 }]);
    expect(planVendorPages(50, 180, 100)).toEqual([
      { offset: 50, limit: 100 },
      { offset: 100, limit: 80 },
    ]);
  });

  it('skips rows already fetched', () => {
    expect(planVendorPages(0, 150, Number.POSITIVE_INFINITY, (row) => row < 100)).toEqual([
      { offset: 100, limit: 50 },
    ]);
  });
});

async function walk(total: number, direction: 'forward' | 'backward', size: number) {
  const vendor = vendorList(total);
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const args: ConnectionArgs =
      direction === 'forward' ? { first: size, after: cursor } : { last: size, before: cursor };
    const result = await resolveOffsetConnection<string>(args, limits, scope, vendor.fetchPage);
    expect(result.totalCount).toBe(total);
    const nodes = result.edges.map((edge) => edge.node);
    if (direction === 'forward') {
      seen.push(...nodes);
      if (!result.pageInfo.hasNextPage) break;
      cursor = result.pageInfo.endCursor;
    } else {
      seen.unshift(...nodes);
      if (!result.pageInfo.hasPreviousPage) break;
      cursor = result.pageInfo.startCursor;
    }
  }
  return { seen, vendor };
}

describe('resolveOffsetConnection', () => {
  it('walks a whole list forwards and backwards with small pages', async () => {
    const forward = await walk(23, 'forward', 7);
    expect(forward.seen).toEqual(forward.vendor.rows);
    const backward = await walk(23, 'backward', 7);
    expect(backward.seen).toEqual(backward.vendor.rows);
  });

  it('reports page info from the vendor total', async () => {
    const vendor = vendorList(100);
    const full = await resolveOffsetConnection<string>({ first: 100 }, limits, scope, vendor.fetchPage);
    expect(full.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect(vendor.requests).toEqual([{ offset: 0, limit: 100 }]);
    const middle = await resolveOffsetConnection<string>(
      { first: 10, after: encodeCursor(9, scope) },
      limits,
      scope,
      vendor.fetchPage,
    );
    expect(middle.edges.map((e) => e.node)).toEqual(vendor.rows.slice(10, 20));
    expect(middle.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('fetches a page larger than 100 as concurrent vendor pages', async () => {
    const vendor = vendorList(260);
    let inFlight = 0;
    let maxInFlight = 0;
    const fetchPage = async (request: PageRequest) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return vendor.fetchPage(request);
    };
    const result = await resolveOffsetConnection<string>({ first: 250 }, limits, scope, fetchPage);
    expect(result.edges).toHaveLength(250);
    expect(result.edges.at(-1)?.node).toBe('row-249');
    expect(vendor.requests).toEqual([
      { offset: 0, limit: 100 },
      { offset: 100, limit: 100 },
      { offset: 200, limit: 50 },
    ]);
    expect(maxInFlight).toBe(3);
  });

  it('handles empty windows and windows past the end', async () => {
    const vendor = vendorList(12);
    const none = await resolveOffsetConnection<string>({ first: 0 }, limits, scope, vendor.fetchPage);
    expect(none.edges).toEqual([]);
    expect(none).toMatchObject({ totalCount: 12, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const past = await resolveOffsetConnection<string>(
      { first: 5, after: encodeCursor(40, scope) },
      limits,
      scope,
      vendor.fetchPage,
    );
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
    const both = await resolveOffsetConnection<string>(
      { first: 6, last: 2 },
      limits,
      scope,
      vendor.fetchPage,
    );
    expect(both.edges.map((e) => e.node)).toEqual(['row-4', 'row-5']);
  });

  it('serves `last` without `before` from one call when the list is short', async () => {
    const vendor = vendorList(30);
    const result = await resolveOffsetConnection<string>({ last: 40 }, limits, scope, vendor.fetchPage);
    expect(result.edges.map((e) => e.node)).toEqual(vendor.rows);
    expect(vendor.requests).toHaveLength(1);
  });

  it('ends a page at the offset ceiling and says to narrow the filter beyond it', async () => {
    const capped = { ...limits, maxOffset: 100 };
    const vendor = vendorList(250, 100);
    const reachable = await resolveOffsetConnection<string>(
      { first: 50, after: encodeCursor(149, scope) },
      capped,
      scope,
      vendor.fetchPage,
    );
    expect(reachable.edges.map((e) => e.node)).toEqual(vendor.rows.slice(150, 200));
    const atCeiling = await resolveOffsetConnection<string>(
      { first: 7, after: encodeCursor(195, scope) },
      capped,
      scope,
      vendor.fetchPage,
    );
    expect(atCeiling.edges.map((e) => e.node)).toEqual(vendor.rows.slice(196, 200));
    expect(atCeiling.pageInfo.hasNextPage).toBe(true);
    await expect(
      resolveOffsetConnection<string>(
        { first: 10, after: encodeCursor(199, scope) },
        capped,
        scope,
        vendor.fetchPage,
      ),
    ).rejects.toBeInstanceOf(OffsetLimitError);
    await expect(
      resolveOffsetConnection<string>({ last: 10 }, capped, scope, vendor.fetchPage),
    ).rejects.toThrow(/Narrow the filter/);
  });

  it('rejects page sizes beyond the maximum', async () => {
    const vendor = vendorList(10);
    await expect(
      resolveOffsetConnection<string>({ first: 501 }, limits, scope, vendor.fetchPage),
    ).rejects.toThrow(/first: must be between 0 and 500/);
    expect(vendor.requests).toHaveLength(0);
  });
});

describe('resolveOffsetConnection against the Relay algorithm', () => {
  /** Relay's ApplyCursorsToEdges, then first, then last, over a plain array. */
  function reference(
    total: number,
    args: { first?: number; after?: number; last?: number; before?: number },
  ) {
    let start = args.after === undefined ? 0 : args.after + 1;
    let end = args.before === undefined ? total : Math.min(args.before, total);
    start = Math.min(start, end);
    if (args.first !== undefined) end = Math.min(end, start + args.first);
    if (args.last !== undefined) start = Math.max(start, end - args.last);
    return { start, end };
  }

  it('returns the same window for many combinations of first/after/last/before', async () => {
    // A fixed pseudo-random walk, so a failure reproduces.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 400; i++) {
      const total = next(260);
      const vendor = vendorList(total);
      const pick = () => (next(3) === 0 ? undefined : next(total + 20));
      const after = pick();
      const before = pick();
      const first = next(2) === 0 ? undefined : next(230);
      const last = next(2) === 0 ? undefined : next(230);
      const args: ConnectionArgs = {
        first: first ?? null,
        last: last ?? null,
        after: after === undefined ? null : encodeCursor(after, scope),
        before: before === undefined ? null : encodeCursor(before, scope),
      };
      const expected = reference(total, {
        after,
        before,
        first: first ?? (last === undefined ? limits.defaultPageSize : undefined),
        last,
      });
      const result = await resolveOffsetConnection<string>(args, limits, scope, vendor.fetchPage);
      const label = JSON.stringify({ total, after, before, first, last });
      expect(
        result.edges.map((e) => e.node),
        label,
      ).toEqual(vendor.rows.slice(expected.start, expected.end));
      expect(result.totalCount, label).toBe(total);
      expect(result.pageInfo.hasPreviousPage, label).toBe(expected.start > 0);
      expect(result.pageInfo.hasNextPage, label).toBe(expected.end < total);
    }
  });
});
