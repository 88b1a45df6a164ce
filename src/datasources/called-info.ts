import { z } from 'zod';
import { defineEndpoint } from '../transport/endpoint.js';
import type { InboundResponse } from '../transport/http-transport.js';
import { defineDatasource, vendorCall } from './datasource.js';
import { lenientCode, lenientInt, lenientString, optionalObject } from './vendor/lenient.js';
import { badResponse, decodeReply, vendorRejection } from './vendor/reply.js';

/** getCalledInfo (bearer token): where a call from `caller` to `called` would be routed. */
export const GET_CALLED_INFO = defineEndpoint({
  name: 'getCalledInfo',
  host: 'cec',
  path: '/apiaccess/CC-Management/v1/mobileAgent/getCalledInfo',
  auth: 'bearer',
  repeatSafe: true,
});

export interface CalledInfoQuery {
  caller: string;
  called: string;
}

export interface CalledInfo {
  caller: string;
  called: string;
  deviceType: 'SKILL_QUEUE' | 'NUMBER';
  /** The number the vendor reports as the destination (its `result.called`); null when absent. */
  routedNumber: string | null;
  skillId: number | null;
  skillName: string | null;
}

export interface CalledInfoSource {
  /** Null when the vendor says the called number is not configured (retCode 5). */
  get(query: CalledInfoQuery): Promise<CalledInfo | null>;
}

export const calledInfoDatasource = defineDatasource({
  endpoint: GET_CALLED_INFO,
  create: ({ client }): CalledInfoSource => ({
    get: vendorCall(client, GET_CALLED_INFO, encodeCalledInfoQuery, readCalledInfoReply),
  }),
  loaders: (source, { loader }) => ({ route: loader((query: CalledInfoQuery) => source.get(query)) }),
});

/** Both numbers are documented as strings (the page's example sends numbers; we do not). */
export function encodeCalledInfoQuery(query: CalledInfoQuery): { caller: string; called: string } {
  return { caller: query.caller, called: query.called };
}

const calledInfoReply = z.object({
  retCode: lenientCode,
  retMsg: lenientString,
  // Absent on failure (the page's only example has no `result`).
  result: optionalObject({
    devType: lenientInt,
    called: lenientString,
    skillId: lenientInt,
    skillName: lenientString,
  }),
});

/** retCode "5": the called number is not configured, an ordinary "nothing there". */
const NOT_CONFIGURED = '5';
/** devType: 0 skill queue, 1 number. */
const DEVICE_TYPES = { 0: 'SKILL_QUEUE', 1: 'NUMBER' } as const;

export function readCalledInfoReply(response: InboundResponse, query: CalledInfoQuery): CalledInfo | null {
  const reply = decodeReply(GET_CALLED_INFO.name, response, calledInfoReply);
  if (reply.retCode === NOT_CONFIGURED) return null;
  if (reply.retCode !== '0') {
    throw vendorRejection(GET_CALLED_INFO.name, reply.retCode ?? '(none)', reply.retMsg);
  }
  const result = reply.result;
  if (result === null || result.devType === null) {
    throw badResponse(GET_CALLED_INFO.name, 'success reply without result.devType', response.status);
  }
  if (result.devType !== 0 && result.devType !== 1) {
    throw badResponse(GET_CALLED_INFO.name, `unknown result.devType ${result.devType}`, response.status);
  }
  return {
    // caller and called identify the lookup (and the entity); the reply's `called` is where it routes.
    caller: query.caller,
    called: query.called,
    routedNumber: result.called,
    deviceType: DEVICE_TYPES[result.devType],
    skillId: result.skillId,
    skillName: result.skillName,
  };
}
