/**
 * The CC-CMS querycalls window: from 00:00:00.000 yesterday to 23:59:59.999 today, both in the tenant's
 * IANA time zone (NOTES.md D.1). Pure and DST-safe: day boundaries are found by searching for the
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

/** Thrown before calling upstream when a call-record query falls outside the window. */
export class CallRecordWindowError extends Error {
  readonly code = 'BAD_USER_INPUT';

  constructor(
    readonly window: CallRecordWindow,
    readonly timeZone: string,
    reason = 'call records can only be queried',
  ) {
    super(
      `${reason} between ${new Date(window.earliest).toISOString()} and ` +
        `${new Date(window.latest).toISOString()} (yesterday 00:00 to today 23:59:59.999 in ${timeZone})`,
    );
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
  if (range.from > range.to) {
    throw new CallRecordWindowError(
      window,
      timeZone,
      '`from` is after `to`; call records can only be queried',
    );
  }
  if (range.from < window.earliest || range.to > window.latest) {
    throw new CallRecordWindowError(window, timeZone);
  }
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
