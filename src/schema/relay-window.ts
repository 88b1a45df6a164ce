/**
 * The Relay cursor-connection algorithm over rows 0..n-1 of a vendor list, for a list whose length may
 * not be known yet. ApplyCursorsToEdges keeps the rows strictly between the `after` and `before` rows
 * (a cursor whose row does not exist is ignored), `first` keeps the first rows of those, `last` the last
 * rows of what remains; hasNextPage and hasPreviousPage are the specification's for each combination.
 * When a decision needs a fact not known yet, the answer names it instead of guessing.
 */

/** What is known about the list so far. */
export interface ListKnowledge {
  /** Whether row `row` exists; undefined when not known yet. */
  exists(row: number): boolean | undefined;
  /** The list's length, when known. */
  readonly end: number | null;
}

export interface RelayQuery {
  /** Rows of the cursors (after re-alignment); null when the argument is absent. */
  after: number | null;
  before: number | null;
  first: number | null;
  last: number | null;
}

export interface RelayPage {
  /** The page is rows [start, end). */
  start: number;
  end: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export type RelayDecision =
  | { window: RelayPage }
  /** Whether this row exists decides the page: a cursor's own row, or the row after `first`/`last` rows. */
  | { need: number; reason: 'cursor' | 'first' | 'last' }
  /** The list's exact length decides the page (`last` without a `before` that exists). */
  | { need: 'end' };

export function relayWindow(query: RelayQuery, list: ListKnowledge): RelayDecision {
  const afterExists = query.after === null ? false : list.exists(query.after);
  if (afterExists === undefined) return { need: query.after as number, reason: 'cursor' };
  const beforeExists = query.before === null ? false : list.exists(query.before);
  if (beforeExists === undefined) return { need: query.before as number, reason: 'cursor' };

  const low = afterExists ? (query.after as number) + 1 : 0;
  // The exclusive end of the rows left by ApplyCursorsToEdges, when known.
  const bound = beforeExists ? (query.before as number) : list.end;
  const high = bound === null ? null : Math.max(low, bound);
  // "More than n rows are left after the cursors": without a known end, that is whether row low+n exists.
  const moreThan = (n: number): boolean | undefined =>
    high !== null ? high - low > n : list.exists(low + n);

  let end: number;
  let hasNextPage: boolean;
  if (query.first !== null) {
    const more = moreThan(query.first);
    if (more === undefined) return { need: low + query.first, reason: 'first' };
    hasNextPage = more;
    if (more) end = low + query.first;
    else if (high !== null) end = high;
    else return { need: 'end' };
  } else {
    if (high === null) return { need: 'end' };
    end = high;
    hasNextPage = beforeExists;
  }

  let start = low;
  let hasPreviousPage = afterExists;
  if (query.last !== null) {
    start = Math.max(low, end - query.last);
    const more = moreThan(query.last);
    if (more === undefined) return { need: low + query.last, reason: 'last' };
    hasPreviousPage = more;
  }
  return { window: { start, end, hasNextPage, hasPreviousPage } };
}
