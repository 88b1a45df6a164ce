/**
 * Parses an HTTP `Retry-After` value (delta seconds or an HTTP date) into milliseconds from `nowMs`.
 * Null when absent or unreadable, so the caller falls back to its own backoff.
 */
export function retryAfterMs(header: string | string[] | undefined, nowMs: number): number | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP-date always names the weekday and month; this keeps Date.parse from reading "-1" as a year.
  if (!/[A-Za-z]/.test(value)) return null;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}
