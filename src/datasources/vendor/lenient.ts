import { z } from 'zod';

/**
 * Building blocks for decoding vendor replies leniently (docs/upstream.md#decoding-replies: decode leniently, encode strictly):
 * numbers may come as numeric strings and vice versa, optional values may be absent, null or empty.
 * Each helper yields `null` for "no usable value" so callers decide what is required.
 */

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value.trim());
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/*
 * Plain functions for per-item decoding (items come by the hundred: no schema parse per item), and
 * the same rules as zod transforms for envelopes.
 */

/** A whole number given as a number or numeric string; anything else is null. */
export function intOf(value: unknown): number | null {
  const parsed = toNumber(value);
  return parsed !== null && Number.isInteger(parsed) ? parsed : null;
}

/** A text value given as a string or number; absent, null, empty or other types are null. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** A vendor result code ("0", 0, "0100000"), as the trimmed string the code tables use. */
export function codeOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** An epoch-ms instant; 0 and negatives mean "not set" (e.g. callEnd of an unanswered call). */
export function instantOf(value: unknown): number | null {
  const parsed = intOf(value);
  // Past the last instant a Date can hold (year 275760) it is no instant, and DateTime could not print it.
  return parsed !== null && parsed > 0 && parsed <= MAX_INSTANT_MS ? parsed : null;
}

const MAX_INSTANT_MS = 8.64e15;

/** A plain object (not null, not an array), whose fields can be read by name. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const lenientInt = z.unknown().transform(intOf);
export const lenientString = z.unknown().transform(textOf);
export const lenientCode = z.unknown().transform(codeOf);
export const lenientInstant = z.unknown().transform(instantOf);

/** An array that may also be absent or null (→ empty); a non-array is a decode failure. */
export function lenientArray<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((items) => items ?? []);
}

/** An object that may be absent or null. */
export function optionalObject<T extends z.ZodRawShape>(shape: T) {
  return z
    .object(shape)
    .nullish()
    .transform((value) => value ?? null);
}

/**
 * Human-readable vendor text from a field that is documented as a string but seen as an object or an
 * array (`resultDesc`): strings as is, arrays joined, objects by their message-like field.
 */
export function messageOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(messageOf).filter((part): part is string => part !== null);
    return parts.length > 0 ? parts.join('; ') : null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const key of ['message', 'msg', 'description', 'desc', 'error']) {
      const text = messageOf((value as Record<string, unknown>)[key]);
      if (text !== null) return text;
    }
  }
  return null;
}
