import { calendarDate, shiftDays, startOfLocalDay } from '../time-zone.js';

/**
 * Calendar-day arithmetic in an IANA time zone, for the querycalls window
 * ([00:00:00 yesterday, 23:59:59 today]) and for spreading call records over days.
 */
export interface QueryWindow {
  /** 00:00:00.000 yesterday: the earliest accepted beginDate. */
  earliest: number;
  /** 23:59:59.000 today: the latest accepted endDate (see README: the vendor names a second, not a ms). */
  latest: number;
  startOfYesterday: number;
  startOfToday: number;
  startOfTomorrow: number;
}

/** Local midnight starting the day that contains `epochMs`. */
export function startOfDay(epochMs: number, timezone: string): number {
  return startOfLocalDay(calendarDate(epochMs, timezone), timezone);
}

/** Local midnight `days` calendar days after the day containing `epochMs` (negative = before). */
export function startOfDayOffset(epochMs: number, days: number, timezone: string): number {
  return startOfLocalDay(shiftDays(calendarDate(epochMs, timezone), days), timezone);
}

// The window only changes at local midnight; Intl formatting is costly enough to matter per request.
const lastWindows = new Map<string, QueryWindow>();

export function queryWindow(now: number, timezone: string): QueryWindow {
  const last = lastWindows.get(timezone);
  if (last && now >= last.startOfToday && now < last.startOfTomorrow) return last;
  const window = computeQueryWindow(now, timezone);
  lastWindows.set(timezone, window);
  return window;
}

function computeQueryWindow(now: number, timezone: string): QueryWindow {
  const today = calendarDate(now, timezone);
  const startOfToday = startOfLocalDay(today, timezone);
  const startOfYesterday = startOfLocalDay(shiftDays(today, -1), timezone);
  const startOfTomorrow = startOfLocalDay(shiftDays(today, 1), timezone);
  return {
    earliest: startOfYesterday,
    latest: startOfTomorrow - 1000,
    startOfYesterday,
    startOfToday,
    startOfTomorrow,
  };
}
