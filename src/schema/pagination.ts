import { GraphQLError } from 'graphql';
import type { Page, PageRequest } from '../datasources/domain.js';
import { invalidArgument } from './input-validation.js';

/**
 * Relay cursor connections over the vendor's limit/offset paging. A cursor is the row's offset in
 * the vendor's result; `hasNextPage`/`hasPreviousPage` come from the vendor's total, never from
 * fetching an extra row (the vendor silently caps limit at 100, which breaks that trick).
 */
export const VENDOR_MAX_LIMIT = 100;

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

const CURSOR_PREFIX = 'offset:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string, argument: string): number {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = decoded.startsWith(CURSOR_PREFIX) ? Number(decoded.slice(CURSOR_PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw invalidArgument(argument, 'is not a cursor returned by this connection');
  }
  return offset;
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
 * Resolves a connection by fetching only the vendor pages the requested window needs: one page for
 * up to 100 rows, and for larger windows the remaining pages concurrently once the total is known.
 */
export async function resolveOffsetConnection<T, P extends Page<T> = Page<T>>(
  args: ConnectionArgs,
  limits: ConnectionLimits,
  what: string,
  fetchPage: (request: PageRequest) => Promise<P>,
): Promise<ConnectionResult<T> & { pages: P[] }> {
  checkSize(args.first, 'first', limits);
  checkSize(args.last, 'last', limits);
  const afterRow = args.after == null ? null : decodeCursor(args.after, 'after');
  const beforeRow = args.before == null ? null : decodeCursor(args.before, 'before');
  const first = args.first ?? (args.last == null ? limits.defaultPageSize : null);

  const cache = new RowCache<T>();
  const pages: P[] = [];
  const fetchInto = async (request: PageRequest) => {
    const page = await fetchPage(request);
    cache.add(request, page);
    pages.push(page);
  };

  let start = afterRow === null ? 0 : afterRow + 1;
  let end = beforeRow ?? Number.POSITIVE_INFINITY;
  if (first !== null) end = Math.min(end, start + first);
  const reachable = (row: number) => row <= limits.maxOffset + VENDOR_MAX_LIMIT - 1;

  if (args.last != null && Number.isFinite(end)) start = Math.max(start, end - args.last);

  // The first round learns the vendor's total: from the window's own first page when the window's
  // end is known, otherwise (last without before) from a page at the top of the list.
  const probeStart = Number.isFinite(end) ? start : 0;
  if (!reachable(probeStart)) throw new OffsetLimitError(limits.maxOffset, what);
  const probeOffset = Math.min(probeStart, limits.maxOffset);
  const probeSize = Number.isFinite(end) ? end - probeOffset : (args.last ?? VENDOR_MAX_LIMIT);
  await fetchInto({ offset: probeOffset, limit: Math.max(1, Math.min(VENDOR_MAX_LIMIT, probeSize)) });

  const total = cache.total ?? 0;
  end = Math.min(end, total);
  start = Math.min(start, end);
  if (args.last != null) start = Math.max(start, end - args.last);
  if (end > start && !reachable(end - 1)) throw new OffsetLimitError(limits.maxOffset, what);

  const remaining = planVendorPages(start, end, limits.maxOffset, (row) => cache.has(row));
  await Promise.all(remaining.map(fetchInto));

  const edges: Edge<T>[] = [];
  for (let row = start; row < end; row++) {
    const node = cache.get(row);
    // A row can be missing when the vendor's list changed between pages; skip it rather than invent it.
    if (node !== undefined) edges.push({ cursor: encodeCursor(row), node });
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
