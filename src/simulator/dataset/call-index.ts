import type { CallRecordEntry } from './call-records.js';

/**
 * One direction of one (VDN, local day) of calls, indexed for querycalls: sorted by (waitBegin, callId),
 * with the instants in typed arrays for bisection and every item's JSON joined into one buffer, so a run
 * of consecutive matches becomes one slice of that buffer instead of a hundred string concatenations.
 */
export interface CallIndex {
  readonly entries: readonly CallRecordEntry[];
  readonly waitBegins: Float64Array;
  readonly logDates: Float64Array;
  /** Largest logDate - waitBegin: every call with waitBegin <= now - maxLogDelay is already logged. */
  readonly maxLogDelay: number;
  /** Items' JSON joined by commas. */
  readonly json: Buffer;
  /** Byte offset of item i in `json`; entry n is json.length + 1, as if a comma followed the last item. */
  readonly jsonStarts: Uint32Array;
}

/** Consecutive matches [start, end) of one index. */
export interface CallRun {
  readonly index: CallIndex;
  readonly start: number;
  readonly end: number;
}

export interface CallFilter {
  /** Epoch ms, inclusive, compared with waitBegin. */
  from: number;
  /** Epoch ms, inclusive, compared with waitBegin. */
  to: number;
  /** Only calls with logDate <= now are visible. */
  now: number;
  /** Exact match; empty or absent means every number. */
  callerNo?: string | undefined;
  calleeNo?: string | undefined;
}

/** Indexes entries that are already sorted by (waitBegin, callId), as generateDayOfCalls returns them. */
export function buildCallIndex(entries: readonly CallRecordEntry[]): CallIndex {
  const waitBegins = new Float64Array(entries.length);
  const logDates = new Float64Array(entries.length);
  const jsonStarts = new Uint32Array(entries.length + 1);
  const items = entries.map((entry) => JSON.stringify(entry.item));
  let maxLogDelay = 0;
  let offset = 0;
  entries.forEach((entry, i) => {
    waitBegins[i] = entry.waitBegin;
    logDates[i] = entry.logDate;
    maxLogDelay = Math.max(maxLogDelay, entry.logDate - entry.waitBegin);
    jsonStarts[i] = offset;
    offset += Buffer.byteLength(items[i] as string) + 1;
  });
  jsonStarts[entries.length] = offset;
  return {
    entries,
    waitBegins,
    logDates,
    maxLogDelay,
    json: Buffer.from(items.join(','), 'utf8'),
    jsonStarts,
  };
}

/** The first position in [0, length) where `before` turns false (`before` must hold for a prefix only). */
export function partitionPoint(length: number, before: (i: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the first instant at or after `t` in an ascending array (its length when there is none). */
export function firstAtOrAfter(instants: ArrayLike<number>, t: number): number {
  return partitionPoint(instants.length, (i) => (instants[i] as number) < t);
}

/** Index of the first instant strictly after `t` in an ascending array (its length when there is none). */
export function firstAfter(instants: ArrayLike<number>, t: number): number {
  return partitionPoint(instants.length, (i) => (instants[i] as number) <= t);
}

/**
 * Appends the matches of one index to `runs`, in index order, merging neighbours. The waitBegin range is
 * found by bisection. A call is logged after it began, so nothing from `now` on can be visible, and
 * everything up to now - maxLogDelay is: only the calls in between need their logDate checked, and only
 * a number filter makes the whole range a scan.
 */
export function collectRuns(index: CallIndex, filter: CallFilter, runs: CallRun[]): void {
  const { waitBegins, logDates } = index;
  const start = firstAtOrAfter(waitBegins, filter.from);
  const end = firstAfter(waitBegins, Math.min(filter.to, filter.now));
  if (start >= end) return;
  if (filter.callerNo || filter.calleeNo) {
    const { callerNo, calleeNo } = filter;
    for (let i = start; i < end; i++) {
      if ((logDates[i] as number) > filter.now) continue;
      const item = (index.entries[i] as CallRecordEntry).item;
      if (callerNo && item.callerNo !== callerNo) continue;
      if (calleeNo && item.calleeNo !== calleeNo) continue;
      pushIndex(runs, index, i);
    }
    return;
  }
  const surelyLogged = Math.min(end, Math.max(start, firstAfter(waitBegins, filter.now - index.maxLogDelay)));
  if (surelyLogged > start) runs.push({ index, start, end: surelyLogged });
  for (let i = surelyLogged; i < end; i++) {
    if ((logDates[i] as number) <= filter.now) pushIndex(runs, index, i);
  }
}

function pushIndex(runs: CallRun[], index: CallIndex, i: number): void {
  const last = runs[runs.length - 1];
  if (last && last.index === index && last.end === i)
    runs[runs.length - 1] = { index, start: last.start, end: i + 1 };
  else runs.push({ index, start: i, end: i + 1 });
}

export function countRuns(runs: readonly CallRun[]): number {
  let count = 0;
  for (const run of runs) count += run.end - run.start;
  return count;
}

/** The runs' entries from position `offset` (over all runs), at most `limit` of them. */
export function sliceRuns(runs: readonly CallRun[], offset: number, limit: number): CallRun[] {
  const page: CallRun[] = [];
  let skip = offset;
  let left = limit;
  for (const run of runs) {
    if (left <= 0) break;
    const length = run.end - run.start;
    if (skip >= length) {
      skip -= length;
      continue;
    }
    const start = run.start + skip;
    const end = Math.min(run.end, start + left);
    page.push({ index: run.index, start, end });
    left -= end - start;
    skip = 0;
  }
  return page;
}

/** The runs' items as the inside of a JSON array (comma-separated), as buffer slices to concatenate. */
export function runsJson(runs: readonly CallRun[]): Buffer[] {
  const parts: Buffer[] = [];
  for (const run of runs) {
    if (parts.length > 0) parts.push(COMMA);
    const { json, jsonStarts } = run.index;
    parts.push(json.subarray(jsonStarts[run.start], (jsonStarts[run.end] as number) - 1));
  }
  return parts;
}

const COMMA = Buffer.from(',');
