import {
  type Page,
  type PageRequest,
  type PagingRules,
  planVendorPages,
  VENDOR_MAX_LIMIT,
} from '../datasources/vendor/paging.js';
import type { ListKnowledge } from './relay-window.js';

/**
 * The rows of one vendor list that a connection has read, by position, and what they tell about the
 * list's length: the vendor's total when the reply has one, else the end a short page reveals. Pages
 * are requested as the vendor's paging rules allow and never past the reachable end.
 */
export class RowStore<T, P extends Page<T>> implements ListKnowledge {
  private readonly rows = new Map<number, T>();
  /** The vendor's total, when a reply carried one. */
  private reported: number | null = null;
  /** One past the highest row seen: every row below it exists. */
  private seen = 0;
  /** No row exists at or past this (learnt from short pages). */
  private upper = Number.POSITIVE_INFINITY;
  readonly pages: P[] = [];
  private pagesRead = 0;

  constructor(
    private readonly rules: PagingRules,
    private readonly reach: number,
    private readonly fetchPage: (request: PageRequest) => Promise<P>,
  ) {}

  /** The list's length, when known: the vendor's total, or where the rows seen meet a short page. */
  get end(): number | null {
    if (this.reported !== null) return this.reported;
    return this.seen >= this.upper ? this.seen : null;
  }

  exists(row: number): boolean | undefined {
    if (this.rows.has(row) || row < this.seen) return true;
    const end = this.end;
    if (end !== null) return row < end;
    return row >= this.upper ? false : undefined;
  }

  row(row: number): T | undefined {
    return this.rows.get(row);
  }

  /** The first row at or after `from` whose node matches, among the rows read. */
  find(from: number, matches: (node: T) => boolean): number | null {
    let found: number | null = null;
    for (const [row, node] of this.rows) {
      if (row >= from && (found === null || row < found) && matches(node)) found = row;
    }
    return found;
  }

  /** Highest row read, or -1. */
  lastRead(): number {
    return this.seen - 1;
  }

  /** Reads, all at once, the pages covering the rows of `ranges` not read yet (up to the reachable end). */
  async fetchRanges(ranges: ReadonlyArray<readonly [number, number]>): Promise<void> {
    const missing = (row: number) => !this.rows.has(row) && this.exists(row) !== false;
    const requests = new Map<string, PageRequest>();
    for (const [start, end] of ranges) {
      for (const page of planVendorPages(
        Math.max(0, start),
        Math.min(end, this.reach),
        this.rules,
        missing,
      )) {
        requests.set(`${page.offset}:${page.limit}`, page);
      }
    }
    await Promise.all([...requests.values()].map((request) => this.read(request)));
  }

  /** Reads forward until the list's end is known; false when that takes more than `maxPages` or passes the reachable end. */
  async walkToEnd(maxPages: number): Promise<boolean> {
    const budget = this.pagesRead + maxPages;
    while (this.end === null) {
      if (this.pagesRead >= budget || this.seen >= this.reach) return false;
      const before = this.seen;
      await this.fetchRanges([[this.seen, this.seen + VENDOR_MAX_LIMIT]]);
      if (this.end === null && this.seen === before) return false;
    }
    return true;
  }

  private async read(request: PageRequest): Promise<void> {
    this.pagesRead++;
    const page = await this.fetchPage(request);
    this.pages.push(page);
    page.items.forEach((item, index) => {
      this.rows.set(request.offset + index, item);
    });
    if (page.items.length > 0) this.seen = Math.max(this.seen, request.offset + page.items.length);
    // The vendor's total wins; without one, a page shorter than asked bounds the list.
    if (page.total !== null) this.reported = page.total;
    else if (page.items.length < request.limit) {
      this.upper = Math.min(this.upper, request.offset + page.items.length);
    }
  }
}
