import { z } from 'zod';
import { defineEndpoint } from '../transport/endpoint.js';
import type { InboundResponse } from '../transport/http-transport.js';
import type { OperationScope } from '../transport/operation-scope.js';
import { assertInCallRecordWindow, type CallRecordWindow, callRecordWindow } from './call-record-window.js';
import { defineDatasource } from './datasource.js';
import {
  CALL_TYPES,
  type CodedValue,
  codedValue,
  LEAVE_REASONS,
  MEDIA_TYPES,
  SUB_MEDIA_TYPES,
} from './vendor/code-tables.js';
import { instantOf, intOf, isRecord, lenientCode, messageOf, textOf } from './vendor/lenient.js';
import { type Page, type PageRequest, type PagingRules, vendorLimit, vendorOffset } from './vendor/paging.js';
import { decodeReply, listAt, shapeMismatch, vendorRejection } from './vendor/reply.js';

/** CC-CMS querycalls V2 (CMS signature): calls of one VDN in the yesterday-to-today window. */
export const QUERY_CALLS = defineEndpoint({
  name: 'querycalls',
  host: 'cms',
  path: '/rest/cmsapp/v2/openapi/vdn/querycalls',
  auth: 'cmsSignature',
  repeatSafe: true,
});
const SUCCESS = '0100000';
/** querycalls defines offset = limit × (page − 1) and has no offset ceiling. */
const CALL_RECORD_PAGING: PagingRules = { maxOffset: Number.POSITIVE_INFINITY, aligned: true };

/** The vendor names the window's end to the second: 23:59:59 today. */
const lastWholeSecond = (window: Pick<CallRecordWindow, 'latest'>) => Math.floor(window.latest / 1000) * 1000;

export type CallRecordDirection = 'INBOUND' | 'OUTBOUND';

export interface CallRecordQuery extends PageRequest {
  ccId: number;
  vdn: number;
  direction: CallRecordDirection;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, inclusive. */
  to: number;
  callerNumber?: string;
  calleeNumber?: string;
}

export interface CallRecord {
  callId: string;
  /** The direction asked for (the vendor lists one direction per query). */
  direction: CallRecordDirection;
  callerNumber: string | null;
  calleeNumber: string | null;
  vdn: number;
  callType: CodedValue;
  mediaType: CodedValue;
  subMediaType: CodedValue | null;
  leaveReason: CodedValue | null;
  /** Instants are epoch milliseconds (UTC); null when the vendor reports none. */
  loggedAt: number | null;
  waitBegin: number | null;
  ackBegin: number | null;
  callBegin: number | null;
  callEnd: number | null;
}

export interface CallRecordSource {
  /** One page; `window` is the operation's (default: the window now). */
  list(
    query: CallRecordQuery,
    window?: CallRecordWindow,
    operation?: OperationScope,
  ): Promise<Page<CallRecord>>;
  /** The vendor's window now, in the tenant's zone. */
  window(): CallRecordWindow;
  /** IANA zone in which the vendor counts "yesterday" and "today" (CMS_TIMEZONE). */
  readonly timeZone: string;
}

export const callRecordsDatasource = defineDatasource({
  endpoint: QUERY_CALLS,
  create: ({ client, clock, config }): CallRecordSource => {
    const timeZone = config.callRecords.timezone;
    const currentWindow = () => callRecordWindow(clock.now(), timeZone);
    return {
      timeZone,
      window: currentWindow,
      async list(query, operationWindow, operation) {
        const window = operationWindow ?? currentWindow();
        // The vendor rejects an out-of-window range with a bare "invalid parameter"; say why, and save the call.
        assertInCallRecordWindow(query, window, timeZone);
        // The vendor's last end is today's final whole second: a range inside that second is empty.
        if (query.from > lastWholeSecond(window)) return { total: 0, items: [] };
        const body = encodeCallRecordQuery(query, window.latest);
        const response = await client.post(QUERY_CALLS, body, operation);
        return readQueryCallsReply(response, query);
      },
    };
  },
  loaders: (source, { loader, operation }) => {
    // One window per operation: its pages and its validation agree even when it spans local midnight.
    let window: CallRecordWindow | undefined;
    const windowOfOperation = () => {
      window ??= source.window();
      return window;
    };
    return {
      page: loader((query: CallRecordQuery) => source.list(query, windowOfOperation(), operation)),
      window: windowOfOperation,
      timeZone: source.timeZone,
      paging: CALL_RECORD_PAGING,
    };
  },
});

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
  const body: QueryCallsBody = {
    ccId: query.ccId,
    vdn: query.vdn,
    beginDate: query.from,
    endDate: Math.min(query.to, lastWholeSecond({ latest: windowLatest })),
    isCallIn: query.direction === 'INBOUND' ? 'true' : 'false',
    limit: vendorLimit(query.limit, 1),
    offset: vendorOffset(query.offset),
  };
  if (query.callerNumber !== undefined) body.callerNo = query.callerNumber;
  if (query.calleeNumber !== undefined) body.calleeNo = query.calleeNumber;
  return body;
}

/** On success `resultDesc` is `{data, count}` (or, in older CMS replies, the item array); on failure text. */
const queryCallsReply = z.object({
  resultCode: lenientCode,
  resultDesc: z.unknown(),
});

export function readQueryCallsReply(
  response: InboundResponse,
  query: Pick<CallRecordQuery, 'vdn' | 'direction'>,
): Page<CallRecord> {
  const reply = decodeReply(QUERY_CALLS.name, response, queryCallsReply);
  if (reply.resultCode !== SUCCESS) {
    throw vendorRejection(QUERY_CALLS.name, reply.resultCode ?? '(none)', messageOf(reply.resultDesc));
  }
  const desc = reply.resultDesc;
  const status = response.status;
  if (desc === null || desc === undefined || typeof desc === 'string') return { total: 0, items: [] };
  // Older CMS replies give the items as `resultDesc` itself, without a count: the total is then unknown.
  if (Array.isArray(desc)) return { total: null, items: callRecordsOf(desc, 'resultDesc', query, status) };
  if (!isRecord(desc)) {
    throw shapeMismatch(QUERY_CALLS.name, 'resultDesc', 'expected an object or an array', status);
  }
  const rows = listAt(QUERY_CALLS.name, desc.data, 'resultDesc.data', status);
  return { total: intOf(desc.count), items: callRecordsOf(rows, 'resultDesc.data', query, status) };
}

/** Plain functions per item (a page brings a hundred); callId, callType and mediaType are required. */
function callRecordsOf(
  rows: readonly unknown[],
  path: string,
  query: Pick<CallRecordQuery, 'vdn' | 'direction'>,
  status: number,
): CallRecord[] {
  const missing = (index: number, field: string) =>
    shapeMismatch(
      QUERY_CALLS.name,
      `${path}.${index}${field ? `.${field}` : ''}`,
      field ? 'required' : 'expected an object',
      status,
    );
  const items = new Array<CallRecord>(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (!isRecord(row)) throw missing(index, '');
    const callId = textOf(row.callId);
    if (callId === null) throw missing(index, 'callId');
    const callType = intOf(row.callType);
    if (callType === null) throw missing(index, 'callType');
    const mediaType = intOf(row.mediaType);
    if (mediaType === null) throw missing(index, 'mediaType');
    const subMediaType = intOf(row.subMediaType);
    const leaveReason = intOf(row.leaveReason);
    items[index] = {
      callId,
      direction: query.direction,
      callerNumber: textOf(row.callerNo),
      calleeNumber: textOf(row.calleeNo),
      vdn: intOf(row.vdn) ?? query.vdn,
      callType: codedValue(CALL_TYPES, callType),
      mediaType: codedValue(MEDIA_TYPES, mediaType),
      subMediaType: subMediaType === null ? null : codedValue(SUB_MEDIA_TYPES, subMediaType),
      leaveReason: leaveReason === null ? null : codedValue(LEAVE_REASONS, leaveReason),
      loggedAt: instantOf(row.logDate),
      waitBegin: instantOf(row.waitBegin),
      ackBegin: instantOf(row.ackBegin),
      callBegin: instantOf(row.callBegin),
      callEnd: instantOf(row.callEnd),
    };
  }
  return items;
}
