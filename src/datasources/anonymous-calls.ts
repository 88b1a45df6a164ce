import { z } from 'zod';
import { defineEndpoint } from '../transport/endpoint.js';
import type { InboundResponse } from '../transport/http-transport.js';
import type { OperationScope } from '../transport/operation-scope.js';
import { UpstreamError } from '../transport/upstream-error.js';
import { defineDatasource, vendorCall } from './datasource.js';
import { splitHostPort } from './sip-address.js';
import { lenientCode, lenientString, messageOf, optionalObject } from './vendor/lenient.js';
import { httpFailure } from './vendor/reply.js';

/** createcall (bearer token, chat module): creates an anonymous outbound call task. */
export const CREATE_CALL = defineEndpoint({
  name: 'createcall',
  host: 'cec',
  path: '/apiaccess/ccmessaging/v1/mobileagent/createcall',
  auth: 'bearer',
  // A repeat may ring someone twice: never retried, and a failure after sending is "outcome unknown".
  repeatSafe: false,
});

/**
 * The documented createcall failure codes (docs/upstream.md#createcall), each with our name for it and
 * a description for clients. The schema's CallCreationFailureReason enum is derived from this table.
 */
export const CALL_CREATION_FAILURES = {
  FEATURE_NOT_ENABLED: {
    vendorCode: '30010000001',
    description: 'The anonymous call feature is not enabled for the tenant.',
  },
  NO_SIP_SERVER: { vendorCode: '30010000002', description: 'No SIP server information was found.' },
  INVALID_PARAMETERS: { vendorCode: '30010000003', description: 'The vendor rejected the input parameters.' },
  OUTBOUND_TASK_FAILED: {
    vendorCode: '30010010001',
    description: 'The outbound call task could not be added.',
  },
  VDN_UNAVAILABLE: { vendorCode: '30010010002', description: 'The VDN is unavailable.' },
  VDN_MISCONFIGURED: {
    vendorCode: '30010010003',
    description: 'The VDN configuration is abnormal; the recording path could not be generated.',
  },
  CCM_ERROR: {
    vendorCode: '30010019999',
    description: 'Another call-center management (CCM) error occurred.',
  },
  CALL_SETUP_NOT_CONFIRMED: {
    vendorCode: '30011010001',
    description: 'The call was not created: no call-setup-success event arrived.',
  },
  CCUCS_ERROR: { vendorCode: '30011019999', description: 'Another call-control (CCUCS) error occurred.' },
  CHAT_MODULE_ERROR: { vendorCode: '30010009999', description: 'The chat module failed.' },
} as const;

/** Why the vendor refused a call; UNKNOWN for a code not in the table. */
export type CallCreationFailureReason = keyof typeof CALL_CREATION_FAILURES | 'UNKNOWN';

const REASON_BY_CODE = new Map<string, CallCreationFailureReason>(
  Object.entries(CALL_CREATION_FAILURES).map(([reason, { vendorCode }]) => [
    vendorCode,
    reason as CallCreationFailureReason,
  ]),
);

export interface CreateCallRequest {
  called: string;
  callerPresent?: string;
  callData?: string;
}

export interface CreatedCall {
  callSerialNo: string | null;
  /** "ip:port" as the vendor gives it. */
  sipServiceAddress: string;
  sipServerHost: string;
  sipServerPort: number;
  /** Access code followed by the call's UVID (the vendor's "accesscode"). */
  accessCode: string;
}

export interface RefusedCall {
  reason: CallCreationFailureReason;
  /** The vendor's result code, e.g. "30010000002". */
  vendorCode: string;
  message: string;
}

export type CreateCallOutcome = ({ ok: true } & CreatedCall) | ({ ok: false } & RefusedCall);

export interface AnonymousCallSource {
  /** Never retried: a repeat would place a second call. */
  create(request: CreateCallRequest, operation?: OperationScope): Promise<CreateCallOutcome>;
}

export const anonymousCallsDatasource = defineDatasource({
  endpoint: CREATE_CALL,
  create: ({ client }): AnonymousCallSource => ({
    create: vendorCall(client, CREATE_CALL, encodeCreateCall, readCreateCallReply),
  }),
  // No loader on purpose: two identical createAnonymousCall fields in one operation are two calls.
  loaders: () => ({}),
});

export function encodeCreateCall(request: CreateCallRequest): Record<string, string> {
  const body: Record<string, string> = { called: request.called };
  if (request.callerPresent !== undefined) body.callerPresent = request.callerPresent;
  if (request.callData !== undefined) body.callData = request.callData;
  return body;
}

const createCallReply = z.object({
  resultCode: lenientCode,
  resultDesc: z.unknown(),
  resultData: optionalObject({
    callSerialNo: lenientString,
    sipServiceAddress: lenientString,
    accesscode: lenientString,
  }),
});

/**
 * Business failures are an outcome, not an exception. Anything that leaves us unable to tell whether
 * the vendor placed the call (a 5xx without a business code, an unreadable reply) is OUTCOME_UNKNOWN,
 * so nobody is tempted to "just try again" and ring someone twice.
 */
export function readCreateCallReply(response: InboundResponse): CreateCallOutcome {
  const ok = response.status >= 200 && response.status <= 299;
  const reply = createCallReply.safeParse(parseJsonOrUndefined(response.body));
  const code = reply.success ? reply.data.resultCode : null;

  if (reply.success && code !== null && code !== '0') {
    // The vendor documents 500 as "business failure": a coded reply says the call was not placed.
    if (ok || response.status >= 500) {
      return { ok: false, ...refusal(code, reply.data.resultDesc) };
    }
  }
  if (!ok) {
    if (response.status >= 500) {
      return outcomeUnknown(
        `vendor failure (HTTP ${response.status}) without a result code`,
        response.status,
      );
    }
    throw httpFailure(CREATE_CALL.name, response);
  }
  if (!reply.success || code === null) return outcomeUnknown('reply could not be decoded', response.status);

  // The vendor says the call task exists, but we cannot hand out how to join it: a client must not
  // simply retry (that would place a second call), hence outcome-unknown rather than a bad response.
  const data = reply.data.resultData;
  if (!data?.sipServiceAddress || !data.accesscode) {
    return outcomeUnknown('success reply without sipServiceAddress or accesscode', response.status);
  }
  const sip = splitHostPort(data.sipServiceAddress);
  if (!sip)
    return outcomeUnknown('success reply whose sipServiceAddress is not "host:port"', response.status);
  return {
    ok: true,
    callSerialNo: data.callSerialNo,
    sipServiceAddress: data.sipServiceAddress,
    sipServerHost: sip.host,
    sipServerPort: sip.port,
    accessCode: data.accesscode,
  };
}

function refusal(vendorCode: string, resultDesc: unknown): RefusedCall {
  const reason = REASON_BY_CODE.get(vendorCode) ?? 'UNKNOWN';
  // A reply that carries a code but no text gets our description of the code.
  const known = reason === 'UNKNOWN' ? null : CALL_CREATION_FAILURES[reason].description;
  return { reason, vendorCode, message: messageOf(resultDesc) ?? known ?? 'The call could not be created.' };
}

function outcomeUnknown(what: string, httpStatus: number): never {
  throw new UpstreamError('UPSTREAM_OUTCOME_UNKNOWN', `createcall: ${what}; the call may have been placed`, {
    endpoint: CREATE_CALL.name,
    httpStatus,
  });
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
