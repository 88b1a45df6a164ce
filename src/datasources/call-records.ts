import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { CmsClient } from '../transport/cms-client.js';
import type { InboundResponse } from '../transport/http-transport.js';
import { assertInCallRecordWindow } from './call-record-window.js';
import type { CallRecord, CallRecordQuery, CallRecordSource, Page } from './domain.js';
import { lenientCode, lenientInstant, lenientInt, lenientString, messageOf } from './lenient.js';
import { vendorLimit, vendorOffset } from './paging.js';
import { decodeReply, decodeValue, vendorRejection } from './reply.js';

/** CC-CMS querycalls V2 (C2-signed): calls of one VDN in the yesterday-to-today window. */
export const QUERY_CALLS_PATH = '/rest/cmsapp/v2/openapi/vdn/querycalls';
const SUCCESS = '0100000';

export function createCallRecordSource(options: {
  client: CmsClient;
  clock: Clock;
  /** The tenant's IANA zone, in which "yesterday" and "today" are counted. */
  timeZone: string;
}): CallRecordSource {
  const { client, clock, timeZone } = options;
  return {
    async list(query) {
      // The vendor rejects an out-of-window range with a bare "invalid parameter"; say why, and save the call.
      const window = assertInCallRecordWindow(query, clock.now(), timeZone);
      const body = encodeCallRecordQuery(query, window.latest);
      const response = await client.post('querycalls', QUERY_CALLS_PATH, body);
      return readQueryCallsReply(response, query.vdn);
    },
  };
}

export interface QueryCallsBody {
  ccId: number;
  vdn: number;
  callerNo?: string;
  calleeNo?: string;
  beginDate: number;
  endDate: number;
  isCallIn: 'true' | 'false';
  limit: number;
  offset: number;
}

/**
 * Dates as epoch-ms numbers, `isCallIn` as the strings "true"/"false", as documented. The vendor's last
 * accepted end is 23:59:59 today to the second, so an end within today's final second is clamped to it.
 */
export function encodeCallRecordQuery(
  query: CallRecordQuery,
  windowLatest = Number.POSITIVE_INFINITY,
): QueryCallsBody {
  const lastWholeSecond = Math.floor(windowLatest / 1000) * 1000;
  const body: QueryCallsBody = {
    ccId: query.ccId,
    vdn: query.vdn,
    beginDate: query.from,
    endDate: Math.min(query.to, lastWholeSecond),
    isCallIn: query.inbound ? 'true' : 'false',
    limit: vendorLimit(query.limit, 1),
    offset: vendorOffset(query.offset),
  };
  if (query.callerNumber !== undefined) body.callerNo = query.callerNumber;
  if (query.calleeNumber !== undefined) body.calleeNo = query.calleeNumber;
  return body;
}

const callRecordItem = z.object({
  logDate: lenientInstant,
  callerNo: lenientString,
  calleeNo: lenientString,
  callId: lenientString.pipe(z.string()),
  callType: lenientInt.pipe(z.number()),
  waitBegin: lenientInstant,
  ackBegin: lenientInstant,
  callBegin: lenientInstant,
  callEnd: lenientInstant,
  vdn: lenientInt,
  leaveReason: lenientInt,
  mediaType: lenientInt.pipe(z.number()),
  subMediaType: lenientInt,
});

/** On success `resultDesc` is `{data, count}` (or, in older CMS replies, the item array); on failure text. */
export const queryCallsReply = z.object({
  resultCode: lenientCode,
  resultDesc: z.unknown(),
});

const successDesc = z.union([
  z.object({ data: z.array(callRecordItem).nullish(), count: lenientInt }),
  z.array(callRecordItem),
]);

export function readQueryCallsReply(response: InboundResponse, queriedVdn?: number): Page<CallRecord> {
  const reply = decodeReply('querycalls', response, queryCallsReply);
  if (reply.resultCode !== SUCCESS) {
    throw vendorRejection('querycalls', reply.resultCode ?? '(none)', messageOf(reply.resultDesc));
  }
  const desc = reply.resultDesc;
  if (desc === null || desc === undefined || typeof desc === 'string') return { total: 0, items: [] };
  const decoded = decodeValue('querycalls', desc, successDesc, response.status);
  const rows = Array.isArray(decoded) ? decoded : (decoded.data ?? []);
  const total = Array.isArray(decoded) ? decoded.length : (decoded.count ?? rows.length);
  return {
    total,
    items: rows.map((row) => ({
      callId: row.callId,
      callerNumber: row.callerNo,
      calleeNumber: row.calleeNo,
      vdn: row.vdn ?? queriedVdn ?? 0,
      callTypeCode: row.callType,
      mediaTypeCode: row.mediaType,
      subMediaTypeCode: row.subMediaType,
      leaveReasonCode: row.leaveReason,
      loggedAt: row.logDate,
      waitBegin: row.waitBegin,
      ackBegin: row.ackBegin,
      callBegin: row.callBegin,
      callEnd: row.callEnd,
    })),
  };
}
