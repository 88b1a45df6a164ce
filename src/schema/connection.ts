import { ClientError } from '../datasources/client-error.js';
import {
  OffsetLimitError,
  type Page,
  type PageRequest,
  type PagingRules,
  reachableEnd,
  VENDOR_MAX_LIMIT,
} from '../datasources/vendor/paging.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { CursorCodec, type CursorPosition, type CursorScope } from './cursor.js';
import { invalidArgument } from './input-validation.js';
import { type ListKnowledge, type RelayPage, type RelayQuery, relayWindow } from './relay-window.js';
import { RowStore } from './row-store.js';

/**
 * Relay cursor connections over the vendor's limit/offset paging, exactly as the Relay specification's
 * algorithm defines them (ApplyCursorsToEdges, then `first`, then `last`; hasNextPage and
 * hasPreviousPage per argument combination). Where the vendor reports no total (older reply shapes),
 * the list's length is learnt from the pages themselves, never guessed from one page: the next page is
 * read when a page's end decides `hasNextPage`, and `totalCount` reads forward only when selected.
 */
builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description:
      'How many items match in total, across all pages. Where the vendor reports no total it is counted by ' +
      'reading pages, and fails with TOTAL_COUNT_UNAVAILABLE when that is not possible.',
    resolve: (connection) => connection.totalCount(),
  }),
);

/** How many vendor pages a connection may read to find the end of a list without a total. */
const MAX_COUNTING_PAGES = 20;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface ConnectionLimits {
  defaultPageSize: number;
  maxPageSize: number;
}

export interface ConnectionSpec<T> extends CursorScope {
  /** Plural noun for messages, e.g. "access codes". */
  what: string;
  rules: PagingRules;
  /** A row's identity, carried in its cursor so later pages can find it again after the list moved. */
  identity(node: T): string;
}

export interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

export interface ConnectionResult<T, P> {
  edges: Edge<T>[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  /** Resolved only when selected: without a vendor total it costs vendor pages. */
  totalCount(): number | Promise<number>;
  /** The vendor pages read, in the order they arrived. */
  pages: P[];
}

/**
 * An edge whose cursor is encoded only when read: most pages select `pageInfo.endCursor` and the
 * nodes, not every edge's cursor (a base64 encoding each).
 */
class LazyEdge<T> implements Edge<T> {
  private encoded: string | null = null;

  constructor(
    private readonly codec: CursorCodec,
    private readonly row: number,
    readonly node: T,
    private readonly identity: (node: T) => string,
  ) {}

  get cursor(): string {
    this.encoded ??= this.codec.encode(this.row, this.identity(this.node));
    return this.encoded;
  }
}

/** Paging limits every connection shares. */
export function connectionLimits(context: GraphQLContext): ConnectionLimits {
  return { defaultPageSize: context.settings.defaultPageSize, maxPageSize: context.settings.maxPageSize };
}

function checkSize(value: number | null | undefined, argument: string, limits: ConnectionLimits): void {
  if (value == null) return;
  if (!Number.isInteger(value) || value < 0 || value > limits.maxPageSize) {
    throw invalidArgument(argument, `must be between 0 and ${limits.maxPageSize}`);
  }
}

/** Rounds of "learn one more fact, then decide" a page may take; each is one vendor round trip. */
const MAX_ROUNDS = 8;
/** Pages past those read that are searched for a cursor's row when another row holds its place. */
const REALIGN_PAGES = 2;

export async function resolveOffsetConnection<T, P extends Page<T> = Page<T>>(
  args: ConnectionArgs,
  limits: ConnectionLimits,
  spec: ConnectionSpec<T>,
  fetchPage: (request: PageRequest) => Promise<P>,
): Promise<ConnectionResult<T, P>> {
  checkSize(args.first, 'first', limits);
  checkSize(args.last, 'last', limits);
  const codec = new CursorCodec(spec);
  const after = args.after == null ? null : codec.decode(args.after, 'after');
  const before = args.before == null ? null : codec.decode(args.before, 'before');
  const first = args.first ?? (args.last == null ? limits.defaultPageSize : null);
  const last = args.last ?? null;
  const reach = reachableEnd(spec.rules);
  const store = new RowStore<T, P>(spec.rules, reach, fetchPage);

  // One round trip for the likely page and the `before` row, every vendor page at once.
  const start = after ? after.offset + 1 : 0;
  const ranges: Array<[number, number]> = [];
  if (first !== null) ranges.push([start, start + Math.max(first, 1)]);
  if (before) ranges.push([before.offset - (last ?? first ?? 0), before.offset + 1]);
  else if (first === null) ranges.push([start, start + Math.min(Math.max(last ?? 1, 1), VENDOR_MAX_LIMIT)]);
  await store.fetchRanges(ranges);

  const query: RelayQuery = {
    after: after ? await realign(store, after, spec.identity) : null,
    before: before ? await realign(store, before, spec.identity) : null,
    first,
    last,
  };
  const page = await settle(query, store, reach, spec.what);
  let { end, hasNextPage } = page;
  if (end > reach) {
    // A forward page ends at the ceiling, with more to come; a page anchored at its end cannot.
    if (last !== null || page.start >= reach) throw new OffsetLimitError(reach, spec.what);
    end = reach;
    hasNextPage = true;
  }
  await store.fetchRanges([[page.start, end]]);

  const edges: Edge<T>[] = [];
  for (let row = page.start; row < end; row++) {
    const node = store.row(row);
    // A row can be missing when the vendor's list changed between pages; skip it rather than invent it.
    if (node !== undefined) edges.push(new LazyEdge(codec, row, node, spec.identity));
  }
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => store.end ?? countRows(store, reach, spec.what),
    pages: store.pages,
  };
}

/**
 * Learns what the Relay decision needs, a vendor round trip at a time, until it can decide. Whether
 * rows exist past the ceiling cannot be read: once every reachable row exists, the list is taken to go
 * on (a forward page then ends at the ceiling with more to come); a cursor or an end beyond it fails.
 */
async function settle<T, P extends Page<T>>(
  query: RelayQuery,
  store: RowStore<T, P>,
  reach: number,
  what: string,
): Promise<RelayPage> {
  let beyondCeiling = false;
  const list: ListKnowledge = {
    exists: (row) => store.exists(row) ?? (beyondCeiling && row >= reach ? true : undefined),
    get end() {
      return store.end;
    },
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const decision = relayWindow(query, list);
    if ('window' in decision) return decision.window;
    if (decision.need === 'end') {
      if (!(await store.walkToEnd(MAX_COUNTING_PAGES))) throw endUnknown(store, reach, what);
    } else if (decision.need < reach) {
      await store.fetchRanges([[decision.need, decision.need + 1]]);
    } else if (store.end === null && (await store.walkToEnd(MAX_COUNTING_PAGES))) {
      // The list ends before the ceiling after all: the row's existence is known now.
    } else if (decision.reason !== 'cursor' && store.exists(reach - 1)) {
      beyondCeiling = true;
    } else {
      throw new OffsetLimitError(reach, what);
    }
  }
  throw new Error('paging did not settle');
}

/**
 * Where the cursor's row is now. Calls logged since the cursor was issued can push it further down the
 * list (call records are listed by start but appear when they end), so it is looked for by identity
 * after its old position; a cursor whose row cannot be found keeps its position.
 */
async function realign<T, P extends Page<T>>(
  store: RowStore<T, P>,
  cursor: CursorPosition,
  identity: (node: T) => string,
): Promise<number> {
  const { offset } = cursor;
  if (cursor.identity === null) return offset;
  const matches = (node: T) => identity(node) === cursor.identity;
  const there = store.row(offset);
  if (there !== undefined && matches(there)) return offset;
  for (let extra = 0; ; extra++) {
    const found = store.find(offset + 1, matches);
    if (found !== null) return found;
    // Only a row seen in its place proves the list moved; otherwise the window read shows no sign of it.
    if (
      there === undefined ||
      extra >= REALIGN_PAGES ||
      (store.end !== null && store.lastRead() + 1 >= store.end)
    ) {
      return offset;
    }
    const next = store.lastRead() + 1;
    await store.fetchRanges([[next, next + 1]]);
    if (store.lastRead() + 1 === next) return offset;
  }
}

async function countRows<T, P extends Page<T>>(
  store: RowStore<T, P>,
  reach: number,
  what: string,
): Promise<number> {
  if (!(await store.walkToEnd(MAX_COUNTING_PAGES)) || store.end === null)
    throw endUnknown(store, reach, what);
  return store.end;
}

function endUnknown<T, P extends Page<T>>(store: RowStore<T, P>, reach: number, what: string): ClientError {
  const reason =
    store.lastRead() + 1 >= reach
      ? `they run past row ${reach}, the last the vendor can page to`
      : `more than ${store.lastRead() + 1} follow and counting stops after ${MAX_COUNTING_PAGES} vendor pages`;
  return new ClientError(
    'TOTAL_COUNT_UNAVAILABLE',
    `The vendor reports no total for these ${what}, and ${reason}. Page forward with first/after instead.`,
    { rowsRead: store.lastRead() + 1 },
  );
}
