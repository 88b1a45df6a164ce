/**
 * Lenient readers for request fields, in the way a Jackson-based vendor server binds JSON: numbers may
 * arrive as numeric strings and strings as numbers. JSON null counts as absent.
 */
export type Read<T> = { kind: 'absent' } | { kind: 'ok'; value: T } | { kind: 'invalid' };

const ABSENT = { kind: 'absent' } as const;
const INVALID = { kind: 'invalid' } as const;
const INTEGER_TEXT = /^-?\d{1,15}$/;

export function readInteger(value: unknown): Read<number> {
  if (value === undefined || value === null) return ABSENT;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? { kind: 'ok', value } : INVALID;
  if (typeof value === 'string' && INTEGER_TEXT.test(value.trim())) {
    return { kind: 'ok', value: Number(value.trim()) };
  }
  return INVALID;
}

export function readText(value: unknown): Read<string> {
  if (value === undefined || value === null) return ABSENT;
  if (typeof value === 'string') return { kind: 'ok', value };
  if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'ok', value: String(value) };
  return INVALID;
}

export type JsonObject = Record<string, unknown>;

export type ParsedBody = { ok: true; value: JsonObject } | { ok: false; message: string };

/** An empty body reads as `{}` (every field absent); anything but a JSON object is malformed. */
export function parseJsonObject(raw: Buffer): ParsedBody {
  if (raw.length === 0) return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, message: 'Malformed JSON request body' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'Request body must be a JSON object' };
  }
  return { ok: true, value: value as JsonObject };
}
