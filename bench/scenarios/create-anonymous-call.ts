/**
 * createAnonymousCall: one createcall call; every answer is a new call, so answers are checked by shape
 * (a serial number, the SIP server, an access code followed by the call's UVID) rather than for equality.
 * Unkeyed; bench/support/keyed-calls.ts measures the keyed path (REDIS_URL) against it in the same run.
 * Run alone: npx tsx bench/scenarios/create-anonymous-call.ts
 */
import { createdCall } from '../baselines/mapping.js';
import { runAlone } from '../support/run-alone.js';
import type { Scenario } from './scenario.js';

const CALLED = '88884432';

/** The answer's shape; `reference` is the oracle's own answer (another call, so other numbers). */
function verifyCall(data: unknown, reference: unknown): string | null {
  const call = (data as { createAnonymousCall?: Record<string, unknown> } | null)?.createAnonymousCall;
  const expected = (reference as { createAnonymousCall: Record<string, unknown> }).createAnonymousCall;
  if (!call) return 'no createAnonymousCall';
  if (call.__typename !== 'AnonymousCall') return `__typename ${String(call.__typename)}`;
  if (typeof call.callSerialNo !== 'string' || !/^\d{19}$/.test(call.callSerialNo)) return 'callSerialNo';
  for (const key of ['sipServerHost', 'sipServerPort'] as const) {
    if (call[key] !== expected[key]) return `${key} ${String(call[key])}`;
  }
  const prefix = String(expected.accessCode).slice(0, -8);
  if (typeof call.accessCode !== 'string' || !new RegExp(`^${prefix}\\d{8}$`).test(call.accessCode)) {
    return `accessCode ${String(call.accessCode)}`;
  }
  return null;
}

export const createAnonymousCallUnkeyed: Scenario = {
  name: 'create-anonymous-call',
  title: 'createAnonymousCall',
  request: () => ({
    query: `mutation { createAnonymousCall(input: { called: "${CALLED}", callerPresent: "95599" }) {
        __typename ... on AnonymousCall { callSerialNo sipServerHost sipServerPort accessCode }
      } }`,
  }),
  minimumCalls: { createcall: 1 },
  async direct(vendor) {
    const call = createdCall(await vendor.createCall({ called: CALLED, callerPresent: '95599' }));
    const { __typename, callSerialNo, sipServerHost, sipServerPort, accessCode } = call as Record<
      string,
      unknown
    >;
    return { createAnonymousCall: { __typename, callSerialNo, sipServerHost, sipServerPort, accessCode } };
  },
  verify: verifyCall,
  // The default of 30 calls a minute per client would refuse the load after 30 answers.
  serverEnv: { CALL_RATE_LIMIT_PER_MINUTE: '100000' },
};

runAlone(import.meta.url, createAnonymousCallUnkeyed);
