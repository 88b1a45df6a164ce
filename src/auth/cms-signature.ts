import { createHmac } from 'node:crypto';

/**
 * CC-CMS "auth-v2" request signing (docs/upstream.md#cms-signature-auth-v2). The client signs with it and the embedded
 * simulator verifies with it, so both sides share one implementation and the B.3 vector tests both.
 */
const AUTH_VERSION = 'auth-v2';

export interface CmsRequestToSign {
  method: string;
  /** Raw path, not encoded, without the query string. */
  path: string;
  query?: Readonly<Record<string, string>>;
  /** Headers to sign; names are lower-cased, values trimmed. `host` must be among them. */
  headers: Readonly<Record<string, string>>;
  /** The exact body bytes sent, as a string; empty when there is no body. */
  body: string;
}

export interface CmsCredentials {
  accessKey: string;
  secretKey: string;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;
// encodeURIComponent keeps these five too, but they are not RFC 3986 unreserved.
const SUB_DELIMS_KEPT_BY_URI_ENCODING = /[!'()*]/g;

/** Percent-encodes every UTF-8 byte outside RFC 3986's unreserved set, uppercase hex (PathUtils.normalize). */
export function normalizeForSignature(value: string): string {
  try {
    // Fast path (this runs over every signed body): the built-in encoder with the five extras fixed up.
    return encodeURIComponent(value).replace(
      SUB_DELIMS_KEPT_BY_URI_ENCODING,
      (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  } catch {
    // A lone surrogate: encode byte by byte as UTF-8 would (as U+FFFD), like the Java demo.
    return normalizeBytewise(value);
  }
}

function normalizeBytewise(value: string): string {
  let out = '';
  for (const char of value) {
    if (UNRESERVED.test(char)) {
      out += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

function hmacHex(key: string, message: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex');
}

/** Formats an instant as the auth-v2 timestamp: `yyyy-MM-ddTHH:mm:ssZ`, UTC, no milliseconds. */
function formatSignatureTimestamp(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

function canonicalRequest(request: CmsRequestToSign): { signedHeaders: string; canonical: string } {
  const headerEntries = Object.entries(request.headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = headerEntries.map(([name]) => name).join(';');
  const lines = [request.method.toUpperCase(), request.path];
  const queryEntries = Object.entries(request.query ?? {});
  if (queryEntries.length > 0) {
    lines.push(
      queryEntries
        .map(([k, v]) => `${normalizeForSignature(k)}=${normalizeForSignature(v)}`)
        .sort()
        .join('&'),
    );
  }
  lines.push(signedHeaders);
  lines.push(
    headerEntries
      .map(([name, value]) => `${normalizeForSignature(name)}:${normalizeForSignature(value)}`)
      .sort()
      .join('\n'),
  );
  // The header block ends with a newline even when the body is empty (docs/upstream.md#cms-signature-auth-v2).
  lines.push(normalizeForSignature(request.body));
  return { signedHeaders, canonical: lines.join('\n') };
}

/** Builds the `Authorization` value for a CC-CMS request signed at `epochMs`. */
export function signCmsRequest(
  credentials: CmsCredentials,
  request: CmsRequestToSign,
  epochMs: number,
): string {
  return signWithTimestamp(credentials, request, formatSignatureTimestamp(epochMs));
}

/** Signs with a timestamp string exactly as it will appear in the Authorization value. */
export function signWithTimestamp(
  credentials: CmsCredentials,
  request: CmsRequestToSign,
  timestamp: string,
): string {
  const { signedHeaders, canonical } = canonicalRequest(request);
  const prefix = `${AUTH_VERSION}/${credentials.accessKey}/${timestamp}/${signedHeaders}`;
  const signingKey = hmacHex(credentials.secretKey, prefix);
  return `${prefix}/${hmacHex(signingKey, canonical)}`;
}

export interface ParsedCmsAuthorization {
  accessKey: string;
  timestamp: string;
  signedHeaders: string[];
  signature: string;
}

/** Splits an auth-v2 Authorization value into its parts; null when it is not one. */
export function parseCmsAuthorization(value: string): ParsedCmsAuthorization | null {
  const parts = value.trim().split('/');
  if (parts.length !== 5 || parts[0] !== AUTH_VERSION) return null;
  const [, accessKey, timestamp, signedHeaders, signature] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!accessKey || !timestamp || !signedHeaders || !/^[0-9a-f]{64}$/.test(signature)) return null;
  return { accessKey, timestamp, signedHeaders: signedHeaders.split(';'), signature };
}
