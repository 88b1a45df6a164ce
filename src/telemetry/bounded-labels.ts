/**
 * Label values a client chooses (operation names) kept to a bounded set, so no client can grow the
 * number of time series without limit: a name must look like a GraphQL name of at most 64 characters,
 * and once `max` distinct names have been seen every new one is counted as `other`.
 */
const USABLE_NAME = /^[A-Za-z_]\w{0,63}$/;

/** A client-chosen name fit for a label or a span name: a plain GraphQL name of at most 64 characters. */
export function isPlainName(name: string): boolean {
  return USABLE_NAME.test(name);
}

export const ANONYMOUS = 'anonymous';
export const OTHER = 'other';

export class BoundedLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  of(name: string | null | undefined): string {
    if (name === null || name === undefined || name === '') return ANONYMOUS;
    if (!isPlainName(name)) return OTHER;
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max) return OTHER;
    this.seen.add(name);
    return name;
  }
}
