import { calendarDate, shiftDays, startOfLocalDay } from '../time-zone.js';
import { ClientError } from './client-error.js';

/**
 * The CC-CMS querycalls window: from 00:00:00.000 yesterday to 23:59:59.999 today, both in the tenant's
 * IANA time zone (docs/upstream.md#querycalls). Pure and DST-safe: day boundaries are found by searching for the
 * instant the zone's calendar date changes, never by adding 24 h.
 */
export interface CallRecordWindow {
  /** Epoch ms of the first instant of yesterday, inclusive. */
  earliest: number;
  /** Epoch ms of the last millisecond of today, inclusive. */
  latest: number;
}

export function callRecordWindow(nowMs: number, timeZone: string): CallRecordWindow {
  const cached = lastWindows.get(timeZone);
  if (cached && nowMs >= cached.today && nowMs < cached.window.latest + 1) return cached.window;
  const today = calendarDate(nowMs, timeZone);
  const window = {
    earliest: startOfLocalDay(shiftDays(today, -1), timeZone),
    latest: startOfLocalDay(shiftDays(today, 1), timeZone) - 1,
  };
  lastWindows.set(timeZone, { today: startOfLocalDay(today, timeZone), window });
  return window;
}

// The window changes only at local midnight, and finding a day's start costs dozens of Intl calls.
const lastWindows = new Map<string, { today: number; window: CallRecordWindow }>();

/** Which end of a requested range breaks the window, and how, in words a client can act on. */
export interface CallRecordRangeProblem {
  bound: 'from' | 'to';
  message: string;
}

/** The window in words: the zone's rule and the instants it means now. */
function describeCallRecordWindow(window: CallRecordWindow, timeZone: string): string {
  return (
    `yesterday 00:00 to today 23:59:59 in ${timeZone} ` +
    `(${new Date(window.earliest).toISOString()} .. ${new Date(window.latest).toISOString()})`
  );
}

/** The one check of a range against the window (schema validation and the datasource both use it). */
export function callRecordRangeProblem(
  range: { from: number; to: number },
  window: CallRecordWindow,
  timeZone: string,
): CallRecordRangeProblem | null {
  if (range.from > range.to) return { bound: 'from', message: 'must not be later than filter.to' };
  const within = `must be within ${describeCallRecordWindow(window, timeZone)}`;
  if (range.from < window.earliest) return { bound: 'from', message: within };
  if (range.to > window.latest) return { bound: 'to', message: within };
  return null;
}

/** Thrown before calling upstream when a call-record query falls outside the window. */
export class CallRecordWindowError extends ClientError {
  constructor(
    readonly problem: CallRecordRangeProblem,
    readonly window: CallRecordWindow,
    readonly timeZone: string,
  ) {
    super('BAD_USER_INPUT', `call records: \`${problem.bound}\` ${problem.message}`);
    this.name = 'CallRecordWindowError';
  }
}

/** Throws `CallRecordWindowError` unless `earliest <= from <= to <= latest`; returns the window. */
export function assertInCallRecordWindow(
  range: { from: number; to: number },
  window: CallRecordWindow,
  timeZone: string,
): CallRecordWindow {
  const problem = callRecordRangeProblem(range, window, timeZone);
  if (problem) throw new CallRecordWindowError(problem, window, timeZone);
  return window;
}
