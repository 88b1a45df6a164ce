/**
 * A cache key that is the same for equal requests however they were built: object keys sorted,
 * `undefined` members dropped (so `{a: 1}` and `{a: 1, b: undefined}` share one upstream call).
 */
export function stableKey(value: unknown): string {
  // The usual key, a flat object of primitives (a page request, a routing lookup), needs no replacer:
  // one sorted copy and a plain stringify are several times cheaper.
  if (isFlatRecord(value)) return JSON.stringify(sorted(value));
  return JSON.stringify(value, (_key, item: unknown) =>
    item === null || typeof item !== 'object' || Array.isArray(item)
      ? item
      : sorted(item as Record<string, unknown>),
  );
}

function sorted(record: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member !== undefined) copy[key] = member;
  }
  return copy;
}

function isFlatRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) {
    const member = (value as Record<string, unknown>)[key];
    if (typeof member === 'object' && member !== null) return false;
  }
  return true;
}
