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
  const today = calendarDate(nowMs, timeZone);
  return {
    earliest: startOfDay(shiftDays(today, -1), timeZone),
    latest: startOfDay(shiftDays(today, 1), timeZone) - 1,
  };
}

/** Which end of a requested range breaks the window, and how, in words a client can act on. */
export interface CallRecordRangeProblem {
  bound: 'from' | 'to';
  message: string;
}

/** The window in words: the zone's rule and the instants it means now. */
export function describeCallRecordWindow(window: CallRecordWindow, timeZone: string): string {
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
export class CallRecordWindowError extends Error {
  readonly code = 'BAD_USER_INPUT';

  constructor(
    readonly problem: CallRecordRangeProblem,
    readonly window: CallRecordWindow,
    readonly timeZone: string,
  ) {
    super(`call records: \`${problem.bound}\` ${problem.message}`);
    this.name = 'CallRecordWindowError';
  }
}

/** Throws `CallRecordWindowError` unless `earliest <= from <= to <= latest`; returns the window. */
export function assertInCallRecordWindow(
  range: { from: number; to: number },
  nowMs: number,
  timeZone: string,
): CallRecordWindow {
  const window = callRecordWindow(nowMs, timeZone);
  const problem = callRecordRangeProblem(range, window, timeZone);
  if (problem) throw new CallRecordWindowError(problem, window, timeZone);
  return window;
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function calendarDate(epochMs: number, timeZone: string): CalendarDate {
  const parts = formatter(timeZone).formatToParts(epochMs);
  const part = (type: 'year' | 'month' | 'day') => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

function shiftDays(date: CalendarDate, days: number): CalendarDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

const dateKey = (d: CalendarDate) => d.year * 10_000 + d.month * 100 + d.day;
const HOUR = 3_600_000;

/**
 * First instant whose local date in `timeZone` is `date`. Local midnight lies within UTC midnight −14 h
 * to +12 h (the extreme zone offsets), where the local date only moves forward, so a binary search over
 * that span finds it even when a DST jump skips midnight itself.
 */
function startOfDay(date: CalendarDate, timeZone: string): number {
  const target = dateKey(date);
  const utcMidnight = Date.UTC(date.year, date.month - 1, date.day);
  let low = utcMidnight - 15 * HOUR; // local date still before `date` everywhere
  let high = utcMidnight + 13 * HOUR; // local date already `date` (or later) everywhere
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (dateKey(calendarDate(mid, timeZone)) >= target) high = mid;
    else low = mid;
  }
  return high;
}
