import type { Clock } from '../clock.js';
import type { EndpointDescriptor } from '../transport/endpoint.js';
import type { InboundResponse } from '../transport/http-transport.js';
import { type OperationScope, waitWithinOperation } from '../transport/operation-scope.js';
import { UpstreamError } from '../transport/upstream-error.js';
import { CREDENTIALS_REFUSED_COOLDOWN_MS } from './bearer-client.js';

/** The first cool-down after CC-CMS refused a signature, as long as the bearer client's. */
export const CMS_REFUSED_COOLDOWN_MS = CREDENTIALS_REFUSED_COOLDOWN_MS;
/**
 * Refusals in a row double the cool-down up to this. From 30 s, five refusals take 30 + 60 + 120 + 240 s
 * = 7.5 min, so a key that stays wrong never makes five bad signatures within five minutes.
 */
export const CMS_REFUSED_MAX_COOLDOWN_MS = 5 * 60_000;

const LIKELY_CAUSES =
  'Likely causes: the clock of this host is off (the signature carries a UTC timestamp and CC-CMS ' +
  'accepts only a small skew), or CMS_ACCESS_KEY / CMS_SECRET_KEY does not match the CC-CMS credentials.';
const LOCK_CAUSES =
  'CC-CMS locks an address after repeated bad signatures from it, by this process or another one on ' +
  'the same address: check the CMS settings and clock of each.';

/**
 * Decides when a CC-CMS signed request may go out. CC-CMS locks the caller's address after a few bad
 * signatures (docs/upstream.md#cms-signature-auth-v2), and the lock shuts out every process on that
 * address, correctly configured or not. So while the signature is unproven (at start, after a
 * refusal), one request goes out at a time and the others wait for its outcome; after a 2xx they all
 * run freely. A 401 (or the lock's 403) rejects every waiting and every new call for a cool-down,
 * without sending anything.
 */
export interface CmsAdmission {
  /**
   * Runs `send` once admitted; a 401/403 answer becomes an `UPSTREAM_AUTH_FAILED` rejection. A wait for
   * the probe's outcome ends at `operation`'s deadline.
   */
  run(
    endpoint: EndpointDescriptor,
    operation: OperationScope | undefined,
    send: () => Promise<InboundResponse>,
  ): Promise<InboundResponse>;
}

interface Refusal {
  status: number;
  at: number;
  until: number;
}

export function createCmsAdmission(clock: Clock): CmsAdmission {
  let phase: 'unproven' | 'probing' | 'proven' = 'unproven';
  let refusal: Refusal | null = null;
  let nextCooldownMs = CMS_REFUSED_COOLDOWN_MS;
  // Bumped by each refusal, so answers to requests sent before it change nothing.
  let generation = 0;
  let waiting: Array<() => void> = [];

  const wakeWaiting = () => {
    const woken = waiting;
    waiting = [];
    for (const wake of woken) wake();
  };

  const refuse = (status: number) => {
    const now = clock.now();
    refusal = { status, at: now, until: now + nextCooldownMs };
    nextCooldownMs = Math.min(nextCooldownMs * 2, CMS_REFUSED_MAX_COOLDOWN_MS);
    generation++;
    phase = 'unproven';
  };

  const settle = (
    endpoint: EndpointDescriptor,
    sentIn: number,
    probe: boolean,
    response: InboundResponse,
  ): InboundResponse => {
    const current = sentIn === generation;
    if (response.status === 401 || response.status === 403) {
      if (current) refuse(response.status);
      wakeWaiting();
      throw refusedError(endpoint, response, refusal, clock.now());
    }
    if (current && response.status >= 200 && response.status <= 299) {
      phase = 'proven';
      nextCooldownMs = CMS_REFUSED_COOLDOWN_MS;
    } else if (current && probe) {
      // Any other answer proves nothing about the signature: the next waiter goes alone.
      phase = 'unproven';
    }
    if (probe) wakeWaiting();
    return response;
  };

  return {
    async run(endpoint, operation, send) {
      for (;;) {
        const now = clock.now();
        // A clock set back (as when its skew is fixed) keeps the cool-down's length rather than ending it.
        if (refusal && now < refusal.at)
          refusal = { ...refusal, at: now, until: now + refusal.until - refusal.at };
        if (refusal && now < refusal.until) throw coolingDownError(endpoint, refusal, now);
        refusal = null;
        if (phase !== 'probing') break;
        // The probe's outcome, within this operation's deadline: a slow probe must not hold it longer.
        const probeSettled = () => new Promise<void>((resolve) => waiting.push(resolve));
        await waitWithinOperation(probeSettled, endpoint, operation);
      }
      const probe = phase === 'unproven';
      if (probe) phase = 'probing';
      const sentIn = generation;
      let response: InboundResponse;
      try {
        response = await send();
      } catch (error) {
        if (probe && sentIn === generation) phase = 'unproven';
        if (probe) wakeWaiting();
        throw error;
      }
      return settle(endpoint, sentIn, probe, response);
    },
  };
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
const ago = (ms: number) => (ms < 1000 ? 'just now' : `${Math.floor(ms / 1000)} s ago`);

function failFastNote(refusal: Refusal | null, now: number): string {
  if (!refusal || now >= refusal.until) return '';
  return ` CC-CMS calls fail fast for ${seconds(refusal.until - now)} s so that repeated bad signatures do not get this address locked.`;
}

function refusedError(
  endpoint: EndpointDescriptor,
  response: InboundResponse,
  refusal: Refusal | null,
  now: number,
): UpstreamError {
  const { status } = response;
  const vendorMessage = vendorMessageOf(response.body);
  const answer = `HTTP ${status}${vendorMessage ? `: ${vendorMessage}` : ''}`;
  const what =
    status === 403
      ? `CC-CMS refused the request (${answer}); this address is probably locked. ${LOCK_CAUSES}`
      : `CC-CMS refused the auth-v2 signature (${answer}). ${LIKELY_CAUSES}`;
  return new UpstreamError('UPSTREAM_AUTH_FAILED', `${endpoint.name}: ${what}${failFastNote(refusal, now)}`, {
    endpoint: endpoint.name,
    httpStatus: status,
    ...(vendorMessage ? { vendorMessage } : {}),
  });
}

function coolingDownError(endpoint: EndpointDescriptor, refusal: Refusal, now: number): UpstreamError {
  const what =
    refusal.status === 403
      ? `CC-CMS refused a request ${ago(now - refusal.at)} (HTTP 403, the address is probably locked). ${LOCK_CAUSES}`
      : `CC-CMS refused the auth-v2 signature ${ago(now - refusal.at)} (HTTP 401). ${LIKELY_CAUSES}`;
  return new UpstreamError(
    'UPSTREAM_AUTH_FAILED',
    `${endpoint.name}: not sent: ${what}${failFastNote(refusal, now)}`,
    { endpoint: endpoint.name, httpStatus: refusal.status },
  );
}

const MAX_VENDOR_MESSAGE = 200;

/**
 * The message of the Spring error body, which may tell skew from a wrong key (the simulator says "stale
 * timestamp" or "signature mismatch"; CC-CMS's wording is undocumented). Dropped
 * when it looks like an echo of what we sent: an auth-v2 value or a hex signature.
 */
function vendorMessageOf(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const message = (parsed as { message?: unknown }).message;
  if (typeof message !== 'string' || message.trim() === '') return undefined;
  if (/auth-v2|[0-9a-f]{32}/i.test(message)) return undefined;
  return message.trim().slice(0, MAX_VENDOR_MESSAGE);
}
