import { z } from 'zod';

/** Building blocks for reading environment variables: each parses one kind of value, blank = unset. */
export const blankAsUnset = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
export const optionalString = z.preprocess(blankAsUnset, z.string().trim().optional());
export const url = z.preprocess(blankAsUnset, z.url({ protocol: /^https?$/ }).optional());
// Digits only: Number() would also take "0x1F", "1e3" and "4000.0".
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
export const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(blankAsUnset, wholeNumber(min, max).default(fallback));
// A whole number with no default: undefined when unset.
export const optionalInteger = (min: number, max: number) =>
  z.preprocess(blankAsUnset, wholeNumber(min, max).optional());
// A flag whose default depends on other settings: undefined when unset.
export const optionalFlag = z.preprocess(
  (value) => (typeof value === 'string' ? blankAsUnset(value.trim().toLowerCase()) : value),
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
);
// Canonical IANA names only: Intl also accepts "utc" or "EST", which the vendor tables do not mean.
export const timezone = z.preprocess(
  blankAsUnset,
  z
    .string()
    .default('UTC')
    .refine((tz) => canonicalTimezone(tz) === tz, 'must be an IANA time zone such as UTC or Asia/Shanghai'),
);

export function canonicalTimezone(tz: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** An origin exactly: scheme, host and port, nothing after. */
export function isOrigin(value: string): boolean {
  const parsed = new URL(value);
  return value.replace(/\/$/, '') === parsed.origin;
}
