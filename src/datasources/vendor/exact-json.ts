/**
 * JSON.parse, except that integers too long for a double (16 digits or more) become strings of their
 * exact digits. The vendor types some ids as Number (queryPhone's `id`) and its Java side sends longs
 * above 2^53; a plain parse would round them to another id. Decoders read numeric strings anyway.
 */
export function parseExactJson(text: string): unknown {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  return JSON.parse(
    text.replace(TOKEN, (match, string: string | undefined) => (string ? match : `"${match}"`)),
  );
}

// A bare (unquoted) integer of 16+ digits right after `:`, `,` or `[`: quoted ids (access codes',
// callSerialNo) do not match, so their replies keep the plain JSON.parse.
const LONG_DIGITS = /[:,[]\s*-?\d{16}/;
// A string literal (kept as is), or a bare integer of 16+ digits that is not part of a decimal or exponent.
const TOKEN = /("(?:[^"\\]|\\.)*")|(?<![\w.+-])-?\d{16,}(?![\d.eE])/g;
