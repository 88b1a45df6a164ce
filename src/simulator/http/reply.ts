import { STATUS_CODES } from 'node:http';

/** What a handler answers; the server writes it (or a fault replaces it). */
export interface Reply {
  status: number;
  /** Serialised JSON (a Buffer when it comes ready-encoded from a cache). */
  body: string | Buffer;
  headers?: Record<string, string>;
}

export function jsonReply(status: number, value: unknown): Reply {
  return { status, body: JSON.stringify(value) };
}

/**
 * The Spring Boot error body CC-CMS documents for its 403 (docs/upstream.md#cms-signature-auth-v2). The simulator uses the same
 * shape for every HTTP-level rejection (400, 401, 403, 404, 405, 413, injected statuses) on every host.
 */
export function springError(status: number, message: string, path: string, now: number): Reply {
  return jsonReply(status, {
    timestamp: now,
    status,
    error: STATUS_CODES[status] ?? 'Error',
    message,
    path,
  });
}
