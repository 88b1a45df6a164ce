import { z } from 'zod';
import type { ApiAccessClient } from '../transport/api-access-client.js';
import type { InboundResponse } from '../transport/http-transport.js';
import type { CalledInfo, CalledInfoQuery, CalledInfoSource } from './domain.js';
import { lenientCode, lenientInt, lenientString, optionalObject } from './lenient.js';
import { badResponse, decodeReply, vendorRejection } from './reply.js';

/** getCalledInfo (C1): where a call from `caller` to `called` would be routed. */
export const GET_CALLED_INFO_PATH = '/apiaccess/CC-Management/v1/mobileAgent/getCalledInfo';

export function createCalledInfoSource(client: ApiAccessClient): CalledInfoSource {
  return {
    async get(query) {
      const response = await client.post('getCalledInfo', GET_CALLED_INFO_PATH, encodeCalledInfoQuery(query));
      return readCalledInfoReply(response, query);
    },
  };
}

/** Both numbers are documented as strings (the page's example sends numbers; we do not). */
export function encodeCalledInfoQuery(query: CalledInfoQuery): { caller: string; called: string } {
  return { caller: query.caller, called: query.called };
}

export const calledInfoReply = z.object({
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

export function readCalledInfoReply(response: InboundResponse, query: CalledInfoQuery): CalledInfo | null {
  const reply = decodeReply('getCalledInfo', response, calledInfoReply);
  if (reply.retCode === NOT_CONFIGURED) return null;
  if (reply.retCode !== '0') throw vendorRejection('getCalledInfo', reply.retCode ?? '(none)', reply.retMsg);
  const result = reply.result;
  if (result === null || result.devType === null) {
    throw badResponse('getCalledInfo', 'success reply without result.devType', response.status);
  }
  return {
    // caller and called identify the lookup (and the entity); the reply's `called` is where it routes.
    caller: query.caller,
    called: query.called,
    routedNumber: result.called,
    deviceTypeCode: result.devType,
    skillId: result.skillId,
    skillName: result.skillName,
  };
}
