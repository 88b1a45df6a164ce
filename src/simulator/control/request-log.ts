import { redact } from '../../logger.js';
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
  /** The request body, parsed, with secret-looking fields (app_secret, password, ...) redacted; null when empty. */
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

function readableBody(raw: Buffer): unknown {
  if (raw.length === 0) return null;
  const text = raw.subarray(0, MAX_LOGGED_BODY_BYTES).toString('utf8');
  try {
    return redact(JSON.parse(text));
  } catch {
    // Not JSON (or cut at the size cap): keep a short, unparsed preview.
    return raw.length > MAX_LOGGED_BODY_BYTES ? `${text}…` : text;
  }
}
