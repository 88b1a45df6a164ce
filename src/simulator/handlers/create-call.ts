import { type JsonObject, readText } from '../http/fields.js';
import { jsonReply } from '../http/reply.js';
import { readBearerRequest } from './bearer-guard.js';
import type { EndpointHandler, HandlerContext } from './context.js';

/** Every documented createcall failure code with its page text, word for word (including its casing). */
const CREATE_CALL_FAILURES: Readonly<Record<string, string>> = {
  '30010000001': 'The feature is not enabled and cannot be used.',
  '30010000002': 'No SIP server information is found.',
  '30010000003': 'Input parameter verification failed.',
  '30010010001': 'failure to add an outbound call task.',
  '30010010002': 'The VDN is unavailable.',
  '30010010003': 'The VDN configuration is abnormal, and the recording path fails to be generated.',
  '30010019999': 'Other CCM exceptions occur.',
  '30011010001': 'The call fails to be created because the call setup success event is not received.',
  '30011019999': 'Other CCUCS exceptions occur.',
  '30010009999': 'The chat module is abnormal.',
};

const INVALID_INPUT = '30010000003';
const DIALLABLE = /^\+?[0-9*#]+$/;
const LIMITS = { called: 32, callerPresent: 32, callData: 1024 } as const;

/** POST /apiaccess/ccmessaging/v1/mobileagent/createcall (bearer token, X-APP-Key mandatory). */
export function createCallHandler(context: HandlerContext): EndpointHandler {
  const { dataset } = context;
  // Anonymous calls go out through the first outbound-capable voice access code.
  const outbound = dataset.accessCodes.find((code) => code.numCallAttr !== 1 && code.mediatypeId === 5);
  const accessCodePrefix = outbound?.accessCode ?? '';
  let calls = 0;
  return (request) => {
    const read = readBearerRequest(context, request, { appKeyRequired: true });
    if (!read.ok) return read.reply;
    const body = read.body;
    const problem = validate(body);
    if (problem) return jsonReply(200, { resultCode: INVALID_INPUT, resultDesc: problem });
    const called = String(body.called);
    // A called number equal to a failure code reproduces that failure (README: deterministic failures).
    const failure = CREATE_CALL_FAILURES[called];
    if (failure) return jsonReply(200, { resultCode: called, resultDesc: failure });
    calls += 1;
    const uvid = String(24_600_000 + calls);
    return jsonReply(200, {
      resultCode: '0',
      resultDesc: 'Success',
      resultData: {
        callSerialNo: `${context.clock.now()}${String(calls).padStart(6, '0')}`,
        sipServiceAddress: dataset.sipServiceAddress,
        accesscode: `${accessCodePrefix}${uvid}`,
      },
    });
  };
}

function validate(body: JsonObject): string | null {
  const called = readText(body.called);
  if (called.kind !== 'ok' || called.value === '') return 'called is mandatory';
  if (called.value.length > LIMITS.called) return 'called must be at most 32 characters';
  if (!DIALLABLE.test(called.value)) return 'called must be a diallable number';
  for (const field of ['callerPresent', 'callData'] as const) {
    const value = readText(body[field]);
    if (value.kind === 'invalid') return `${field} must be a string`;
    if (value.kind === 'ok' && value.value.length > LIMITS[field]) {
      return `${field} must be at most ${LIMITS[field]} characters`;
    }
  }
  return null;
}
