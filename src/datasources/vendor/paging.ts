/** The vendor caps every page at 100 items; we never ask for more (docs/upstream.md#paging). */
export const VENDOR_MAX_LIMIT = 100;

/** A page of a vendor list. */
export interface Page<T> {
  /** The vendor's total for the whole query, not the length of `items`. */
  total: number;
  items: T[];
}

/** A vendor list read one page at a time. */
export interface ListSource<Query extends PageRequest, Reply> {
  list(query: Query): Promise<Reply>;
}

/** Vendor limit/offset paging, as sent upstream (limit at most 100). */
export interface PageRequest {
  limit: number;
  offset: number;
}

/** A limit the vendor honours as sent: whole, at least `min`, at most 100. */
export function vendorLimit(limit: number, min = 1): number {
  const whole = Number.isFinite(limit) ? Math.trunc(limit) : VENDOR_MAX_LIMIT;
  return Math.min(VENDOR_MAX_LIMIT, Math.max(min, whole));
}

export function vendorOffset(offset: number): number {
  return Number.isFinite(offset) ? Math.max(0, Math.trunc(offset)) : 0;
}
