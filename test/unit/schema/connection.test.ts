import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientError } from '../../../src/datasources/client-error.js';
import {
  type Page,
  type PageRequest,
  type PagingRules,
  planVendorPages,
  reachableEnd,
} from '../../../src/datasources/vendor/paging.js';
import {
  type ConnectionArgs,
  type ConnectionResult,
  resolveOffsetConnection,
} from '../../../src/schema/connection.js';
import { CursorCodec } from '../../../src/schema/cursor.js';

const UNBOUNDED: PagingRules = { maxOffset: Number.POSITIVE_INFINITY, aligned: false };
const ALIGNED: PagingRules = { maxOffset: Number.POSITIVE_INFINITY, aligned: true };
const limits = { defaultPageSize: 20, maxPageSize: 500 };
const spec = (rules: PagingRules) => ({
  connection: 'rows',
  what: 'rows',
  rules,
  identity: (node: string) => node,
});
const codec = new CursorCodec({ connection: 'rows' });
const cursor = (row: number) => codec.encode(row, `row-${row}`);

/**
 * A vendor list that honours limit/offset like the real one (limit capped at 100) and checks every
 * request against the paging rules; `reported: false` answers without totals, like the older shapes.
 */
function vendorList(rows: string[], rules: PagingRules, reported = true) {
  const requests: PageRequest[] = [];
  const fetchPage = async (request: PageRequest): Promise<Page<string>> => {
    requests.push(request);
    if (request.offset > rules.maxOffset) throw new Error(`offset ${request.offset} above the ceiling`);
    if (request.limit < 1 || request.limit > 100) throw new Error(`limit ${request.limit}`);
    if (rules.aligned && request.offset % request.limit !== 0) {
      throw new Error(`unaligned page ${JSON.stringify(request)}`);
    }
    const items = rows.slice(request.offset, request.offset + request.limit);
    return { total: reported ? rows.length : null, items };
  };
  return { requests, fetchPage };
}
const rowsOf = (total: number) => Array.from({ length: total }, (_, i) => `row-${i}`);

interface Args {
  first?: number;
  after?: number;
  last?: number;
  before?: number;
}

/** The Relay specification's algorithm, literally, over a list of `total` rows (a missing cursor row is ignored). */
function relay(total: number, args: Args) {
  const afterExists = args.after !== undefined && args.after < total;
  const beforeExists = args.before !== undefined && args.before < total;
  const low = afterExists ? (args.after as number) + 1 : 0;
  const high = Math.max(low, beforeExists ? (args.before as number) : total);
  let start = low;
  let end = high;
  if (args.first !== undefined && end - start > args.first) end = start + args.first;
  if (args.last !== undefined && end - start > args.last) start = end - args.last;
  return {
    start,
    end,
    hasNextPage: args.first !== undefined ? high - low > args.first : beforeExists,
    hasPreviousPage: args.last !== undefined ? high - low > args.last : afterExists,
  };
}

/**
 * What the server must answer, given the vendor's ceiling: the Relay page, cut at the reachable end
 * for a forward page (more may follow), an error for a page anchored past it. Without totals, a list
 * that reaches the ceiling has an unknowable end: it is then treated as going on past the ceiling.
 */
function expected(total: number, reach: number, reported: boolean, args: Args) {
  const opaque = !reported && total >= reach;
  if (opaque && ((args.after ?? 0) >= reach || (args.before ?? 0) >= reach)) return 'error';
  const anchoredAtEnd = args.first === undefined && !(args.before !== undefined && args.before < reach);
  if (opaque && args.last !== undefined && anchoredAtEnd) return 'error';
  const page = relay(opaque ? Number.POSITIVE_INFINITY : total, args);
  if (page.end <= reach) return page;
  if (args.last !== undefined || page.start >= reach) return 'error';
  return { ...page, end: reach, hasNextPage: true };
}

describe('cursors', () => {
  it('round-trip offset and identity and reject foreign cursors', () => {
    expect(codec.decode(codec.encode(42, 'a:b'), 'after')).toEqual({ offset: 42, identity: 'a:b' });
    expect(codec.decode(codec.encode(0, null), 'after')).toEqual({ offset: 0, identity: null });
    expect(() => codec.decode('not-a-cursor', 'after')).toThrow(/after: is not a cursor/);
    expect(() => codec.decode(codec.encode(-1, null), 'before')).toThrow(/before/);
  });

  it('belong to one connection and one filter', () => {
    const scoped = new CursorCodec({ connection: 'accessCodes', filter: { mediaType: 'AUDIO_VIDEO' } });
    const other = new CursorCodec({ connection: 'accessCodes', filter: { mediaType: 'MULTIMEDIA' } });
    const issued = scoped.encode(3, '9911301');
    expect(() => other.decode(issued, 'after')).toThrow(/not a cursor of this connection/);
    expect(() => new CursorCodec({ connection: 'softphones' }).decode(issued, 'after')).toThrow();
    expect(scoped.decode(issued, 'after').offset).toBe(3);
  });
});

describe('planVendorPages', () => {
  it('splits a window into pages of at most 100', () => {
    expect(planVendorPages(0, 250, UNBOUNDED)).toEqual([
      { offset: 0, limit: 100 },
      { offset: 100, limit: 100 },
      { offset: 200, limit: 50 },
    ]);
  });

  it('asks only for aligned pages (offset a multiple of limit), the fewest that cover the rows', () => {
    // {limit: 20, offset: 25} is what an unaligned client would send for rows 25..44.
    expect(planVendorPages(25, 45, ALIGNED)).toEqual([{ offset: 23, limit: 23 }]);
    fc.assert(
      fc.property(fc.nat(1_000), fc.integer({ min: 1, max: 300 }), (start, length) => {
        const pages = planVendorPages(start, start + length, ALIGNED);
        for (const page of pages) expect(page.offset % page.limit).toBe(0);
        for (let row = start; row < start + length; row++) {
          expect(pages.some((p) => row >= p.offset && row < p.offset + p.limit)).toBe(true);
        }
        // Never more than one page beyond what unaligned pages of 100 would need.
        expect(pages.length).toBeLessThanOrEqual(Math.ceil(length / 100) + 1);
      }),
    );
  });

  it('never pages past the offset ceiling, aligned or not', () => {
    const capped: PagingRules = { maxOffset: 100, aligned: true };
    expect(reachableEnd(capped)).toBe(200);
    expect(reachableEnd({ maxOffset: 150, aligned: true })).toBe(225);
    expect(reachableEnd({ maxOffset: 100, aligned: false })).toBe(200);
    expect(planVendorPages(150, 260, capped)).toEqual([{ offset: 100, limit: 100 }]);
  });

  it('skips rows already read', () => {
    expect(planVendorPages(0, 150, UNBOUNDED, (row) => row >= 100)).toEqual([{ offset: 100, limit: 50 }]);
  });
});

describe('resolveOffsetConnection', () => {
  it('fetches a page larger than 100 as concurrent vendor pages', async () => {
    const vendor = vendorList(rowsOf(260), ALIGNED);
    let inFlight = 0;
    let maxInFlight = 0;
    const fetchPage = async (request: PageRequest) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return vendor.fetchPage(request);
    };
    const result = await resolveOffsetConnection({ first: 250 }, limits, spec(ALIGNED), fetchPage);
    expect(result.edges).toHaveLength(250);
    expect(result.edges.at(-1)?.node).toBe('row-249');
    expect(vendor.requests).toHaveLength(3);
    expect(maxInFlight).toBe(3);
  });

  it('rejects page sizes beyond the maximum before calling the vendor', async () => {
    const vendor = vendorList(rowsOf(10), UNBOUNDED);
    await expect(
      resolveOffsetConnection({ first: 501 }, limits, spec(UNBOUNDED), vendor.fetchPage),
    ).rejects.toThrow(/first: must be between 0 and 500/);
    expect(vendor.requests).toHaveLength(0);
  });

  it('answers the examples of the issue: first with last, a stale before', async () => {
    const phones = vendorList(rowsOf(320), UNBOUNDED);
    const tail = await resolveOffsetConnection(
      { first: 20, last: 5, after: cursor(309) },
      limits,
      spec(UNBOUNDED),
      phones.fetchPage,
    );
    expect(tail.edges.map((e) => e.node)).toEqual(rowsOf(320).slice(315, 320));
    expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const stale = await resolveOffsetConnection(
      { last: 5, before: codec.encode(330, 'gone') },
      limits,
      spec(UNBOUNDED),
      phones.fetchPage,
    );
    expect(stale.edges.map((e) => e.node)).toEqual(rowsOf(320).slice(315, 320));
    const codes = vendorList(rowsOf(142), { maxOffset: 100, aligned: true });
    const capped = spec({ maxOffset: 100, aligned: true });
    for (const first of [150, 205]) {
      const page = await resolveOffsetConnection({ first, last: 5 }, limits, capped, codes.fetchPage);
      expect(page.edges.map((e) => e.node)).toEqual(rowsOf(142).slice(137, 142));
    }
  });

  it('learns a missing total from the pages: the next page decides hasNextPage, totalCount reads on', async () => {
    const vendor = vendorList(rowsOf(260), ALIGNED, false);
    const page = await resolveOffsetConnection({ first: 5 }, limits, spec(ALIGNED), vendor.fetchPage);
    expect(page.edges).toHaveLength(5);
    expect(page.pageInfo.hasNextPage).toBe(true);
    // The first page was full and says nothing of a total: the page after it decides hasNextPage.
    expect(vendor.requests).toHaveLength(2);
    expect(await page.totalCount()).toBe(260);
    const last = await resolveOffsetConnection({ last: 3 }, limits, spec(ALIGNED), vendor.fetchPage);
    expect(last.edges.map((e) => e.node)).toEqual(['row-257', 'row-258', 'row-259']);
  });

  it('fails totalCount with a code, not a wrong number, when a list without totals runs past the ceiling', async () => {
    const rules: PagingRules = { maxOffset: 100, aligned: true };
    const vendor = vendorList(rowsOf(260), rules, false);
    const page = await resolveOffsetConnection({ first: 5 }, limits, spec(rules), vendor.fetchPage);
    await expect(Promise.resolve().then(() => page.totalCount())).rejects.toMatchObject({
      code: 'TOTAL_COUNT_UNAVAILABLE',
    });
  });

  it('keeps a walk exact while rows are inserted before its cursor between pages', async () => {
    const rows = rowsOf(450);
    const vendor = vendorList(rows, ALIGNED);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const result: ConnectionResult<string, Page<string>> = await resolveOffsetConnection(
        { first: 100, after },
        limits,
        spec(ALIGNED),
        vendor.fetchPage,
      );
      seen.push(...result.edges.map((e) => e.node));
      // Calls that began earlier are logged later: new rows appear before the walk's position.
      rows.splice(Math.max(0, seen.length - 30), 0, `new-${page}-a`, `new-${page}-b`);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    const original = rowsOf(450);
    expect(seen.filter((row) => row.startsWith('row-'))).toEqual(original);
  });
});

describe('resolveOffsetConnection against the Relay specification', () => {
  const position = (total: number) => fc.option(fc.nat(total + 20), { nil: undefined });
  const size = fc.option(fc.nat(230), { nil: undefined });
  const scenario = fc
    .record({
      total: fc.nat(450),
      maxOffset: fc.constantFrom(Number.POSITIVE_INFINITY, 100, 150, 0),
      aligned: fc.boolean(),
      reported: fc.boolean(),
    })
    .chain((list) =>
      fc.record({
        list: fc.constant(list),
        args: fc.record({
          after: position(list.total),
          before: position(list.total),
          first: size,
          last: size,
        }),
      }),
    );

  it('returns the specification page, flags and total for every combination, with and without a ceiling', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ list, args }) => {
        const rules: PagingRules = { maxOffset: list.maxOffset, aligned: list.aligned };
        const rows = rowsOf(list.total);
        const vendor = vendorList(rows, rules, list.reported);
        const connectionArgs: ConnectionArgs = {
          first: args.first ?? null,
          last: args.last ?? null,
          after: args.after === undefined ? null : cursor(args.after),
          before: args.before === undefined ? null : cursor(args.before),
        };
        const first = args.first ?? (args.last === undefined ? limits.defaultPageSize : undefined);
        const want = expected(list.total, reachableEnd(rules), list.reported, { ...args, first });
        const got = await resolveOffsetConnection(connectionArgs, limits, spec(rules), vendor.fetchPage).then(
          (result) => result,
          (error: unknown) => {
            expect(error).toBeInstanceOf(ClientError);
            return 'error' as const;
          },
        );
        if (want === 'error' || got === 'error') {
          expect(got).toBe(want);
          return;
        }
        expect(got.edges.map((e) => e.node)).toEqual(rows.slice(want.start, want.end));
        expect(got.edges.map((e) => codec.decode(e.cursor, 'after').offset)).toEqual(
          rows.slice(want.start, want.end).map((_, i) => want.start + i),
        );
        expect(got.pageInfo).toMatchObject({
          hasNextPage: want.hasNextPage,
          hasPreviousPage: want.hasPreviousPage,
        });
        if (list.reported || list.total < reachableEnd(rules)) {
          expect(await got.totalCount()).toBe(list.total);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
