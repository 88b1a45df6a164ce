/**
 * JSON.parse, except that integers beyond 2^53 become strings of their exact digits (in a reply that
 * holds one, every bare integer of 16+ digits does). The vendor types some ids as Number (queryPhone's
 * `id`) and its Java side sends longs above 2^53; a plain parse would round them to another id.
 * Decoders read numeric strings and numbers alike.
 */
export function parseExactJson(text: string): unknown {
  // Most replies hold no run of 16 digits, or hold it only in quoted ids (access codes'): a plain parse
  // and a walk for integers beyond 2^53 is cheaper than scanning the text for bare ones every time.
  const value: unknown = JSON.parse(text);
  if (!SIXTEEN_DIGITS.test(text) || !holdsRoundedInteger(value)) return value;
  return JSON.parse(quoteLongIntegers(text));
}

const SIXTEEN_DIGITS = /\d{16}/;

/** Whether a parsed value holds an integer beyond 2^53, which JSON.parse may have rounded. */
function holdsRoundedInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsRoundedInteger(item)) return true;
    return false;
  }
  for (const key in value) {
    if (holdsRoundedInteger((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
const isDigit = (code: number) => code >= ZERO && code <= NINE;

/**
 * The text with every bare integer of 16+ digits quoted; string literals are skipped whole (with
 * indexOf, far cheaper than a regex alternation over every character), decimals and exponents kept.
 * Invalid JSON stays invalid, so JSON.parse still reports it.
 */
function quoteLongIntegers(text: string): string {
  let out = '';
  let copied = 0;
  let at = 0;
  const length = text.length;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      at = endOfString(text, at);
      continue;
    }
    if (code !== MINUS && !isDigit(code)) {
      at++;
      continue;
    }
    const start = at;
    if (code === MINUS) at++;
    const digitsFrom = at;
    while (at < length && isDigit(text.charCodeAt(at))) at++;
    const next = text.charCodeAt(at);
    // 46 '.', 101 'e', 69 'E': part of a decimal or an exponent, kept as a number.
    const fraction = next === 46 || next === 101 || next === 69;
    if (at - digitsFrom >= 16 && !fraction) {
      out += `${text.slice(copied, start)}"${text.slice(start, at)}"`;
      copied = at;
    }
    // Skip the rest of the number token (fraction, exponent) so its digits are not read as another.
    while (at < length && isNumberChar(text.charCodeAt(at))) at++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** 0-9 . e E + - */
const isNumberChar = (code: number) =>
  isDigit(code) || code === 46 || code === 101 || code === 69 || code === 43 || code === MINUS;

/** The index after the string literal that opens at `open` (the end of the text if unterminated). */
function endOfString(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  while (close !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
    close = text.indexOf('"', close + 1);
  }
  return text.length;
}
