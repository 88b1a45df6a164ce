import { z } from 'zod';
import type { ApiAccessClient } from '../transport/api-access-client.js';
import type { InboundResponse } from '../transport/http-transport.js';
import type { AnonymousCallSource, CreateCallOutcome, CreateCallRequest } from './domain.js';
import { lenientCode, lenientString, messageOf, optionalObject } from './lenient.js';
import { httpFailure } from './reply.js';
import { splitHostPort } from './sip-address.js';
import { UpstreamError } from './upstream-error.js';

/** createcall (C1, chat module): creates an anonymous outbound call task. Never retried. */
export const CREATE_CALL_PATH = '/apiaccess/ccmessaging/v1/mobileagent/createcall';

/** The documented failure codes, for replies that carry a code but no text. */
export const CREATE_CALL_FAILURES: Readonly<Record<string, string>> = {
  '30010000001': 'The feature is not enabled and cannot be used.',
  '30010000002': 'No SIP server information is found.',
  '30010000003': 'Input parameter verification failed.',
  '30010010001': 'Failed to add an outbound call task.',
  '30010010002': 'The VDN is unavailable.',
  '30010010003': 'The VDN configuration is abnormal, and the recording path fails to be generated.',
  '30010019999': 'Other CCM exceptions occur.',
  '30011010001': 'The call fails to be created because the call setup success event is not received.',
  '30011019999': 'Other CCUCS exceptions occur.',
  '30010009999': 'The chat module is abnormal.',
};

export function createAnonymousCallSource(client: ApiAccessClient): AnonymousCallSource {
  return {
    async create(request) {
      const response = await client.post('createcall', CREATE_CALL_PATH, encodeCreateCall(request));
      return readCreateCallReply(response);
    },
  };
}

export function encodeCreateCall(request: CreateCallRequest): Record<string, string> {
  const body: Record<string, string> = { called: request.called };
  if (request.callerPresent !== undefined) body.callerPresent = request.callerPresent;
  if (request.callData !== undefined) body.callData = request.callData;
  return body;
}

export const createCallReply = z.object({
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
      return { ok: false, vendorCode: code, message: failureText(code, reply.data.resultDesc) };
    }
  }
  if (!ok) {
    if (response.status >= 500) {
      return outcomeUnknown(
        `vendor failure (HTTP ${response.status}) without a result code`,
        response.status,
      );
    }
    throw httpFailure('createcall', response);
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

function failureText(code: string, resultDesc: unknown): string {
  return messageOf(resultDesc) ?? CREATE_CALL_FAILURES[code] ?? 'The call could not be created.';
}

function outcomeUnknown(what: string, httpStatus: number): never {
  throw new UpstreamError('UPSTREAM_OUTCOME_UNKNOWN', `createcall: ${what}; the call may have been placed`, {
    endpoint: 'createcall',
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
