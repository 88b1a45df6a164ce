import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  CALL_CREATION_FAILURES,
  type CallCreationFailureReason,
  type CreateCallRequest,
  type CreatedCall,
  type RefusedCall,
} from '../datasources/anonymous-calls.js';

/**
 * What the store keeps per (client, idempotency key): first a pending claim, then the first attempt's
 * outcome. It holds exactly what the mutation's result needs (the SIP server address and the access code
 * to dial, never a password) and a hash of the input instead of the phone numbers.
 */
export type StoredOutcome =
  | { kind: 'created'; call: CreatedCall }
  | { kind: 'refused'; refusal: RefusedCall }
  /** The vendor may or may not have placed the call (UPSTREAM_OUTCOME_UNKNOWN): never call again. */
  | { kind: 'unknown' };

interface RecordBase {
  /** Hash of the normalised input: the same key with another input is a conflict. */
  fingerprint: string;
  /** The attempt that claimed the key; only it may settle or release the claim. */
  owner: string;
  /** After this instant (the app's clock, epoch ms) the record is gone, whatever the store's own expiry. */
  expiresAt: number;
}

export type IdempotencyRecord =
  | (RecordBase & {
      state: 'pending';
      /** The claimant's operation deadline: a claim still pending after it belongs to an attempt that died. */
      leaseUntil: number;
    })
  | (RecordBase & { state: 'settled'; outcome: StoredOutcome });

export type PendingRecord = Extract<IdempotencyRecord, { state: 'pending' }>;
export type SettledRecord = Extract<IdempotencyRecord, { state: 'settled' }>;

const REASONS: [CallCreationFailureReason, ...CallCreationFailureReason[]] = [
  'UNKNOWN',
  ...(Object.keys(CALL_CREATION_FAILURES) as CallCreationFailureReason[]),
];

const base = { fingerprint: z.string(), owner: z.string(), expiresAt: z.number() };

const recordSchema = z.discriminatedUnion('state', [
  z.object({ ...base, state: z.literal('pending'), leaseUntil: z.number() }),
  z.object({
    ...base,
    state: z.literal('settled'),
    outcome: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('created'),
        call: z.object({
          callSerialNo: z.string().nullable(),
          sipServiceAddress: z.string(),
          sipServerHost: z.string(),
          sipServerPort: z.number().int(),
          accessCode: z.string(),
        }),
      }),
      z.object({
        kind: z.literal('refused'),
        refusal: z.object({ reason: z.enum(REASONS), vendorCode: z.string(), message: z.string() }),
      }),
      z.object({ kind: z.literal('unknown') }),
    ]),
  }),
]);

/** Encoded with the version, so a later shape can tell old records apart. */
const VERSION = 1;

export function encodeRecord(record: IdempotencyRecord): string {
  return JSON.stringify({ v: VERSION, ...record });
}

/**
 * Null for a value this version cannot read (another version, or damaged): the caller treats it as an
 * unknown outcome, since a record exists and a call may have been placed.
 */
export function decodeRecord(text: string): IdempotencyRecord | null {
  try {
    const value = JSON.parse(text) as { v?: unknown };
    if (value.v !== VERSION) return null;
    const parsed = recordSchema.safeParse(value);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The same call asked for twice hashes the same: omitted and empty optional fields are one thing. */
export function fingerprintOf(request: CreateCallRequest): string {
  const normalised = [request.called, request.callerPresent || null, request.callData || null];
  return createHash('sha256').update(JSON.stringify(normalised)).digest('base64url');
}

/**
 * Where a client's key lives in the store: a hash of both, so keys of different clients never meet and
 * no character of either can break out of the key's shape.
 */
export function recordKeyOf(client: string, idempotencyKey: string): string {
  return `idempotency:${createHash('sha256')
    .update(JSON.stringify([client, idempotencyKey]))
    .digest('base64url')}`;
}

/** The counter of a client's calls in one window (its start, epoch ms). */
export function counterKeyOf(client: string, windowStart: number): string {
  return `call-rate:${createHash('sha256').update(client).digest('base64url')}:${windowStart}`;
}
