import { defineEndpoint } from '../transport/endpoint.js';
import type { InboundResponse } from '../transport/http-transport.js';
import type { OperationScope } from '../transport/operation-scope.js';
import { defineDatasource, vendorCall } from './datasource.js';
import { codeOf, intOf, isRecord, textOf } from './vendor/lenient.js';
import { badResponse, decodeRecord, shapeMismatch, vendorRejection } from './vendor/reply.js';

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
  get(query: CalledInfoQuery, operation?: OperationScope): Promise<CalledInfo | null>;
}

export const calledInfoDatasource = defineDatasource({
  endpoint: GET_CALLED_INFO,
  create: ({ client }): CalledInfoSource => ({
    get: vendorCall(client, GET_CALLED_INFO, encodeCalledInfoQuery, readCalledInfoReply),
  }),
  loaders: (source, { loader, operation }) => ({
    route: loader((query: CalledInfoQuery) => source.get(query, operation)),
  }),
});

/** Both numbers are documented as strings (the page's example sends numbers; we do not). */
export function encodeCalledInfoQuery(query: CalledInfoQuery): { caller: string; called: string } {
  return { caller: query.caller, called: query.called };
}

/** retCode "5": the called number is not configured, an ordinary "nothing there". */
const NOT_CONFIGURED = '5';
/** devType: 0 skill queue, 1 number. */
const DEVICE_TYPES = { 0: 'SKILL_QUEUE', 1: 'NUMBER' } as const;

export function readCalledInfoReply(response: InboundResponse, query: CalledInfoQuery): CalledInfo | null {
  // Read by hand, no schema: one reply per routing lookup, a hundred per page of access codes.
  const reply = decodeRecord(GET_CALLED_INFO.name, response);
  const retCode = codeOf(reply.retCode);
  if (retCode === NOT_CONFIGURED) return null;
  if (retCode !== '0') {
    throw vendorRejection(GET_CALLED_INFO.name, retCode ?? '(none)', textOf(reply.retMsg));
  }
  const { result } = reply;
  if (result !== undefined && result !== null && !isRecord(result)) {
    throw shapeMismatch(GET_CALLED_INFO.name, 'result', 'expected an object', response.status);
  }
  const devType = result ? intOf(result.devType) : null;
  if (!result || devType === null) {
    throw badResponse(GET_CALLED_INFO.name, 'success reply without result.devType', response.status);
  }
  if (devType !== 0 && devType !== 1) {
    throw badResponse(GET_CALLED_INFO.name, `unknown result.devType ${devType}`, response.status);
  }
  return {
    // caller and called identify the lookup (and the entity); the reply's `called` is where it routes.
    caller: query.caller,
    called: query.called,
    routedNumber: textOf(result.called),
    deviceType: DEVICE_TYPES[devType],
    skillId: intOf(result.skillId),
    skillName: textOf(result.skillName),
  };
}
