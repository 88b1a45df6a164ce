import { REDACTED, redact } from '../../logger.js';
import type { EndpointName } from '../endpoints.js';

export const REQUEST_LOG_CAPACITY = 500;
const MAX_LOGGED_BODY_BYTES = 4096;

/** One logged endpoint request. `status` 0 means the connection was dropped without an answer. */
export interface RequestLogEntry {
  seq: number;
  /** Epoch ms by the simulator's clock. */
  at: number;
  endpoint: EndpointName;
  method: string;
  path: string;
  status: number;
  /**
   * The request body parsed as a JSON object, with secret-looking fields (app_secret, password, ...) redacted;
   * null when empty; a `[...]` summary string when it is not a JSON object or its redacted form is over 4 KiB.
   */
  body: unknown;
}

interface StoredEntry extends Omit<RequestLogEntry, 'body'> {
  // Kept raw: parsed and redacted only when the log is read.
  rawBody: Buffer;
}

/**
 * Bounded log of endpoint requests. The hot path only stores the raw body; parsing and redaction
 * happen when someone reads the log. Headers are never kept, so Authorization cannot leak.
 */
export class RequestLog {
  private readonly entries: StoredEntry[] = [];
  private seq = 0;

  record(entry: Omit<StoredEntry, 'seq'>): void {
    this.seq += 1;
    this.entries.push({ seq: this.seq, ...entry });
    if (this.entries.length > REQUEST_LOG_CAPACITY) this.entries.shift();
  }

  list(): RequestLogEntry[] {
    return this.entries.map(({ rawBody, ...rest }) => ({ ...rest, body: readableBody(rawBody) }));
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/** `redact` (src/logger.ts) leaves values nested deeper than this unchecked; the log drops them instead. */
const REDACT_DEPTH = 6;

/**
 * What the log shows for a body. Only a body that parses, as a whole, into a JSON object is shown, and it is
 * redacted before any truncation: a malformed or form-encoded body, or one cut at a size cap, could carry a
 * secret that no key marks, so it is summarised by its size alone.
 */
function readableBody(raw: Buffer): unknown {
  if (raw.length === 0) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    return `[unparsed ${raw.length} bytes]`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return `[non-object JSON ${raw.length} bytes]`;
  }
  const safe = dropTooDeep(redact(parsed), 0);
  const text = JSON.stringify(safe);
  if (Buffer.byteLength(text) <= MAX_LOGGED_BODY_BYTES) return safe;
  // Cut the redacted text, never the raw body.
  return `[truncated, ${raw.length} bytes] ${text.slice(0, MAX_LOGGED_BODY_BYTES)}…`;
}

function dropTooDeep(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > REDACT_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => dropTooDeep(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, dropTooDeep(item, depth + 1)]));
}
