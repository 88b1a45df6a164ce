import { GraphQLError } from 'graphql';
import { type Page, type PageRequest, VENDOR_MAX_LIMIT } from '../datasources/vendor/paging.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { type CursorScope, decodeCursor, encodeCursor } from './cursor.js';
import { invalidArgument } from './input-validation.js';

/**
 * Relay cursor connections over the vendor's limit/offset paging. A cursor is the row's offset in
 * the vendor's result; `hasNextPage`/`hasPreviousPage` come from the vendor's total, never from
 * fetching an extra row (the vendor silently caps limit at 100, which breaks that trick).
 */
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

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface ConnectionLimits {
  defaultPageSize: number;
  maxPageSize: number;
  /** Highest offset the vendor accepts (queryAccessCodeList: 100); Infinity when unbounded. */
  maxOffset: number;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionResult<T> {
  edges: Edge<T>[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

function checkSize(value: number | null | undefined, argument: string, limits: ConnectionLimits): void {
  if (value == null) return;
  if (!Number.isInteger(value) || value < 0 || value > limits.maxPageSize) {
    throw invalidArgument(argument, `must be between 0 and ${limits.maxPageSize}`);
  }
}

export class OffsetLimitError extends GraphQLError {
  constructor(maxOffset: number, what: string) {
    super(
      `The vendor cannot page past row ${maxOffset + VENDOR_MAX_LIMIT} of ${what} (its offset is capped at ` +
        `${maxOffset}). Narrow the filter so that fewer rows match.`,
      { extensions: { code: 'PAGINATION_LIMIT_EXCEEDED', maxReachableRows: maxOffset + VENDOR_MAX_LIMIT } },
    );
    this.name = 'OffsetLimitError';
  }
}

/** Vendor pages still needed to cover rows [start, end), given pages already fetched. */
export function planVendorPages(
  start: number,
  end: number,
  maxOffset: number,
  covered: (row: number) => boolean = () => false,
): PageRequest[] {
  const pages: PageRequest[] = [];
  let row = start;
  while (row < end) {
    if (covered(row)) {
      row++;
      continue;
    }
    // Past the offset ceiling, an earlier offset with a full page still reaches the row.
    const offset = Math.min(row, maxOffset);
    const limit = Math.min(VENDOR_MAX_LIMIT, end - offset);
    if (row >= offset + limit) throw new RangeError(`row ${row} is beyond the reachable window`);
    pages.push({ offset, limit });
    row = offset + limit;
  }
  return pages;
}

/** Rows fetched so far, by offset, with the vendor's latest total. */
class RowCache<T> {
  private readonly rows = new Map<number, T>();
  total: number | null = null;

  add(request: PageRequest, page: Page<T>): void {
    this.total = page.total;
    page.items.forEach((item, index) => {
      this.rows.set(request.offset + index, item);
    });
  }

  has(row: number): boolean {
    return this.rows.has(row);
  }

  get(row: number): T | undefined {
    return this.rows.get(row);
  }
}

/**
 * Resolves a connection by fetching only the vendor pages the requested window needs, all at once
 * (one page per 100 rows). `last` without `before` first reads the top of the list to learn the total.
 * Where the vendor caps its offset, rows past the reachable window end the page early (hasNextPage
 * stays true) and asking beyond them is an OffsetLimitError.
 */
export async function resolveOffsetConnection<T, P extends Page<T> = Page<T>>(
  args: ConnectionArgs,
  limits: ConnectionLimits,
  scope: CursorScope & { what: string },
  fetchPage: (request: PageRequest) => Promise<P>,
): Promise<ConnectionResult<T> & { pages: P[] }> {
  checkSize(args.first, 'first', limits);
  checkSize(args.last, 'last', limits);
  const afterRow = args.after == null ? null : decodeCursor(args.after, 'after', scope);
  const beforeRow = args.before == null ? null : decodeCursor(args.before, 'before', scope);
  const first = args.first ?? (args.last == null ? limits.defaultPageSize : null);
  const reachableEnd = limits.maxOffset + VENDOR_MAX_LIMIT;

  const cache = new RowCache<T>();
  const pages: P[] = [];
  const fetchAll = (requests: PageRequest[]) =>
    Promise.all(
      requests.map(async (request) => {
        const page = await fetchPage(request);
        cache.add(request, page);
        pages.push(page);
      }),
    );

  let start = afterRow === null ? 0 : afterRow + 1;
  let end = beforeRow ?? Number.POSITIVE_INFINITY;
  if (first !== null) end = Math.min(end, start + first);
  if (args.last != null && Number.isFinite(end)) start = Math.max(start, end - args.last);

  if (Number.isFinite(end)) {
    if (start >= reachableEnd && end > start) throw new OffsetLimitError(limits.maxOffset, scope.what);
    const planEnd = Math.min(end, reachableEnd);
    // An empty window still needs one row's worth of reply to learn the total.
    await fetchAll(
      planEnd > start
        ? planVendorPages(start, planEnd, limits.maxOffset)
        : [{ offset: Math.min(start, limits.maxOffset), limit: 1 }],
    );
  } else {
    await fetchAll([{ offset: 0, limit: Math.max(1, Math.min(VENDOR_MAX_LIMIT, args.last ?? 1)) }]);
  }

  const total = cache.total ?? 0;
  end = Math.min(end, total);
  start = Math.min(start, end);
  if (args.last != null) start = Math.max(start, end - args.last);
  if (end > reachableEnd) {
    if (beforeRow === null && first === null) {
      // `last` without `before` on a list longer than the vendor can reach: its tail is out of reach.
      throw new OffsetLimitError(limits.maxOffset, scope.what);
    }
    end = reachableEnd;
  }
  await fetchAll(planVendorPages(start, end, limits.maxOffset, (row) => cache.has(row)));

  const edges: Edge<T>[] = [];
  for (let row = start; row < end; row++) {
    const node = cache.get(row);
    // A row can be missing when the vendor's list changed between pages; skip it rather than invent it.
    if (node !== undefined) edges.push({ cursor: encodeCursor(row, scope), node });
  }
  const finalTotal = cache.total ?? total;
  return {
    edges,
    pageInfo: {
      hasNextPage: end < finalTotal,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: finalTotal,
    pages,
  };
}
