import type { OperationScope } from '../../transport/operation-scope.js';
import { ClientError } from '../client-error.js';

/** The vendor caps every page at 100 items; we never ask for more (docs/upstream.md#paging). */
export const VENDOR_MAX_LIMIT = 100;

/** A page of a vendor list. */
export interface Page<T> {
  /** The vendor's total for the whole query; null when the reply does not say (older shapes). */
  total: number | null;
  items: T[];
}

/** A vendor list read one page at a time. */
export interface ListSource<Query extends PageRequest, Reply> {
  list(query: Query, operation?: OperationScope): Promise<Reply>;
}

/** Vendor limit/offset paging, as sent upstream (limit at most 100). */
export interface PageRequest {
  limit: number;
  offset: number;
}

/** How one vendor list may be paged. */
export interface PagingRules {
  /** Highest offset the vendor accepts (queryAccessCodeList: 100); Infinity when unbounded. */
  maxOffset: number;
  /** The interface defines offset = limit × (page − 1): every offset must be a multiple of its limit. */
  aligned: boolean;
}

/** A limit the vendor honours as sent: whole, at least `min`, at most 100. */
export function vendorLimit(limit: number, min = 1): number {
  const whole = Number.isFinite(limit) ? Math.trunc(limit) : VENDOR_MAX_LIMIT;
  return Math.min(VENDOR_MAX_LIMIT, Math.max(min, whole));
}

export function vendorOffset(offset: number): number {
  return Number.isFinite(offset) ? Math.max(0, Math.trunc(offset)) : 0;
}

/**
 * The vendor page that covers `row`: the smallest that also reaches `end`, else the one that reaches
 * furthest; null when no allowed page reaches `row`.
 */
function pageAt(row: number, end: number, rules: PagingRules): PageRequest | null {
  if (!rules.aligned) {
    const offset = Math.min(row, rules.maxOffset);
    const limit = Math.min(VENDOR_MAX_LIMIT, Math.max(end - offset, 1));
    return row < offset + VENDOR_MAX_LIMIT ? { offset, limit } : null;
  }
  let widest: PageRequest | null = null;
  for (let limit = 1; limit <= VENDOR_MAX_LIMIT; limit++) {
    const offset = Math.floor(row / limit) * limit;
    if (offset > rules.maxOffset) continue;
    if (offset + limit >= end) return { offset, limit };
    if (!widest || offset + limit > widest.offset + widest.limit) widest = { offset, limit };
  }
  return widest;
}

/**
 * The fewest vendor pages that cover the rows in [start, end) for which `missing` holds: at each
 * uncovered row, the allowed page that contains it and reaches furthest (greedy interval cover, which
 * is optimal), the last one no larger than needed. Rows no allowed page reaches are left out;
 * `reachableEnd` says where they begin.
 */
export function planVendorPages(
  start: number,
  end: number,
  rules: PagingRules,
  missing: (row: number) => boolean = () => true,
): PageRequest[] {
  const pages: PageRequest[] = [];
  let row = start;
  while (row < end) {
    if (!missing(row)) {
      row++;
      continue;
    }
    const page = pageAt(row, end, rules);
    if (!page) break;
    pages.push(page);
    row = page.offset + page.limit;
  }
  return pages;
}

/** The first row no allowed page can reach (Infinity without an offset ceiling). */
export function reachableEnd(rules: PagingRules): number {
  if (!Number.isFinite(rules.maxOffset)) return Number.POSITIVE_INFINITY;
  let end = 0;
  for (let limit = 1; limit <= VENDOR_MAX_LIMIT; limit++) {
    const offset = rules.aligned ? Math.floor(rules.maxOffset / limit) * limit : rules.maxOffset;
    end = Math.max(end, offset + limit);
  }
  return end;
}

/** Whether rows follow a page read with `request`: by the vendor's total, or else by a full page. */
export function continuesAfter(page: Page<unknown>, request: PageRequest): boolean {
  if (page.total !== null) return page.total > request.offset + page.items.length;
  return page.items.length >= request.limit;
}

/** Asked for rows past the vendor's offset ceiling. */
export class OffsetLimitError extends ClientError {
  constructor(reachable: number, what: string, detail = 'Narrow the filter so that fewer rows match.') {
    super(
      'PAGINATION_LIMIT_EXCEEDED',
      `The vendor cannot page past row ${reachable} of ${what} (its offset is capped). ${detail}`,
      { maxReachableRows: reachable },
    );
    this.name = 'OffsetLimitError';
  }
}
