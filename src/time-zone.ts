/**
 * Calendar days in an IANA time zone, DST-safe: a day's start is found by searching for the instant the
 * zone's calendar date changes, never by adding 24 h or assuming midnight exists (some zones skip it).
 * The querycalls window (client and simulator) and the simulator's days of calls are built on this.
 */

export interface CalendarDate {
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

/** The local calendar date of an instant in `timeZone`. */
export function calendarDate(epochMs: number, timeZone: string): CalendarDate {
  const parts = formatter(timeZone).formatToParts(epochMs);
  const part = (type: 'year' | 'month' | 'day') => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** The date `days` calendar days later (negative: earlier). */
export function shiftDays(date: CalendarDate, days: number): CalendarDate {
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
export function startOfLocalDay(date: CalendarDate, timeZone: string): number {
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

/** Throws a RangeError for a zone name Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}
