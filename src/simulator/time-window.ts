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

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** Throws a RangeError for a zone name Intl does not know. */
export function assertTimezone(timezone: string): void {
  formatterFor(timezone);
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

function localParts(
  epochMs: number,
  timezone: string,
): LocalDate & { hour: number; minute: number; second: number } {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 1970,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

/** Zone offset (local minus UTC) in effect at `epochMs`. */
function offsetAt(epochMs: number, timezone: string): number {
  const p = localParts(epochMs, timezone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant of local midnight starting the given local date. */
function midnight(date: LocalDate, timezone: string): number {
  const naive = Date.UTC(date.year, date.month - 1, date.day);
  // Two passes settle the offset across a DST change on that day.
  let guess = naive - offsetAt(naive, timezone);
  guess = naive - offsetAt(guess, timezone);
  return guess;
}

function shiftDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** Local midnight starting the day that contains `epochMs`. */
export function startOfDay(epochMs: number, timezone: string): number {
  return midnight(localParts(epochMs, timezone), timezone);
}

/** Local midnight `days` calendar days after the day containing `epochMs` (negative = before). */
export function startOfDayOffset(epochMs: number, days: number, timezone: string): number {
  return midnight(shiftDays(localParts(epochMs, timezone), days), timezone);
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
  const today = localParts(now, timezone);
  const startOfToday = midnight(today, timezone);
  const startOfYesterday = midnight(shiftDays(today, -1), timezone);
  const startOfTomorrow = midnight(shiftDays(today, 1), timezone);
  return {
    earliest: startOfYesterday,
    latest: startOfTomorrow - 1000,
    startOfYesterday,
    startOfToday,
    startOfTomorrow,
  };
}
