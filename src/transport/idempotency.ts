import type { UpstreamEndpoint } from '../datasources/upstream-error.js';

/**
 * createcall places a phone call: repeating it after an unclear failure could place a second one, so it
 * is never retried and a failure after sending means "outcome unknown". Every other endpoint only reads
 * (tokenByAkSk issues a token, which is harmless to repeat).
 */
export function isIdempotent(endpoint: UpstreamEndpoint): boolean {
  return endpoint !== 'createcall';
}
