/**
 * A cache key that is the same for equal requests however they were built: object keys sorted,
 * `undefined` members dropped (so `{a: 1}` and `{a: 1, b: undefined}` share one upstream call).
 */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(item).sort()) {
      const member = (item as Record<string, unknown>)[key];
      if (member !== undefined) sorted[key] = member;
    }
    return sorted;
  });
}
