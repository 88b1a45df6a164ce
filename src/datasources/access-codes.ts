import { defineEndpoint } from '../transport/endpoint.js';
import type { InboundResponse } from '../transport/http-transport.js';
import { defineDatasource, vendorCall } from './datasource.js';
import { type CodedValue, codedValue, MEDIA_TYPES } from './vendor/code-tables.js';
import { codeOf, intOf, isRecord, messageOf, textOf } from './vendor/lenient.js';
import {
  continuesAfter,
  type ListSource,
  OffsetLimitError,
  type Page,
  type PageRequest,
  type PagingRules,
  planVendorPages,
  reachableEnd,
  vendorLimit,
  vendorOffset,
} from './vendor/paging.js';
import { decodeRecord, listAt, shapeMismatch, vendorRejection } from './vendor/reply.js';

/** queryAccessCodeList (bearer token): the tenant's access codes, fuzzy-matched by code or description. */
export const QUERY_ACCESS_CODE_LIST = defineEndpoint({
  name: 'queryAccessCodeList',
  host: 'cec',
  path: '/apiaccess/rest/cc-management/v1/accessCodeInfo/queryAccessCodeList',
  auth: 'bearer',
  repeatSafe: true,
});

/** Media types the vendor filters access codes by, with its mediatypeId for each. */
const MEDIA_TYPE_FILTERS = { CLICK_TO_DIAL: 2, AUDIO_VIDEO: 5, MULTIMEDIA: 53 } as const;
export type AccessCodeMediaTypeFilter = keyof typeof MEDIA_TYPE_FILTERS;

/** numCallAttr: 1 inbound, 2 outbound, 3 both. */
const CALL_DIRECTIONS = { 1: 'INBOUND', 2: 'OUTBOUND', 3: 'BOTH' } as const;
export type AccessCodeCallDirection = (typeof CALL_DIRECTIONS)[keyof typeof CALL_DIRECTIONS];

export interface AccessCodeQuery extends PageRequest {
  /** Fuzzy match. */
  accessCode?: string;
  /** Fuzzy match. */
  description?: string;
  mediaType?: AccessCodeMediaTypeFilter;
}

export interface AccessCode {
  /** Vendor id; the access code itself when the reply omits it, so that every code has a stable one. */
  id: string;
  accessCode: string;
  description: string | null;
  n400Number: string | null;
  /** Code 0 (unlabelled) when the vendor does not report it. */
  mediaType: CodedValue;
  /** Null when absent or not one of the documented values. */
  callDirection: AccessCodeCallDirection | null;
}

export interface AccessCodeSource extends ListSource<AccessCodeQuery, Page<AccessCode>> {
  /** queryAccessCodeList refuses offsets above this (CEC_ACCESS_CODE_MAX_OFFSET, docs/upstream.md#paging). */
  readonly offsetCeiling: number;
}

export const accessCodesDatasource = defineDatasource({
  endpoint: QUERY_ACCESS_CODE_LIST,
  create: ({ client, config }): AccessCodeSource => ({
    offsetCeiling: config.paging.accessCodeMaxOffset,
    list: vendorCall(client, QUERY_ACCESS_CODE_LIST, encodeAccessCodeQuery, readAccessCodeListReply),
  }),
  loaders: (source, { loader, batchLoader, operation }) => {
    const paging: PagingRules = { maxOffset: source.offsetCeiling, aligned: true };
    const page = loader((query: AccessCodeQuery) => source.list(query, operation));
    // Fuzzy match: "12" also returns "123". Filter to the exact code, page by page up to the ceiling.
    // (The same pages cover every row of the unfiltered list that can be read.)
    const reach = reachableEnd(paging);
    const lookupPages = planVendorPages(0, reach, paging);
    const byCode = loader(async (code: string): Promise<AccessCode | null> => {
      for (const request of lookupPages) {
        const found = await page.load({ accessCode: code, ...request });
        const match = found.items.find((item) => item.accessCode === code);
        if (match) return match;
        if (!continuesAfter(found, request)) return null;
      }
      // The code may be among the matches the vendor cannot page to: "not found" would be a guess.
      throw new OffsetLimitError(
        reach,
        `access codes matching "${code}"`,
        'The exact lookup could not be completed.',
      );
    });
    // Many codes at once (federation entities): the reachable pages of the unfiltered list answer any
    // number of codes for a fixed cost, so past that many codes read them and look up only the rest.
    const byCodes = batchLoader(
      async (codes: readonly string[]): Promise<Array<AccessCode | null | Error>> => {
        if (codes.length <= lookupPages.length) return byCode.loadMany(codes);
        const pages = await Promise.all(lookupPages.map((request) => page.load(request)));
        const listed = new Map<string, AccessCode>();
        for (const item of pages.flatMap((reply) => reply.items)) {
          if (!listed.has(item.accessCode)) listed.set(item.accessCode, item);
        }
        const wholeList = pages.some(
          (reply, index) => !continuesAfter(reply, lookupPages[index] as PageRequest),
        );
        for (const [code, item] of listed) byCode.prime(code, item);
        const unlisted = codes.filter((code) => !listed.has(code));
        // Rows past the ceiling are only reachable by filtering on the code itself.
        const lookedUp = wholeList ? [] : await byCode.loadMany(unlisted);
        const answers = new Map(unlisted.map((code, index) => [code, lookedUp[index] ?? null]));
        return codes.map((code) => listed.get(code) ?? answers.get(code) ?? null);
      },
    );
    return {
      page,
      /** Exact match on the access code (the vendor matches fuzzily; this filters). */
      byCode,
      /** Exact match for many codes, at the fewest vendor calls (one lookup each, or the list's pages). */
      byCodes,
      paging,
    };
  },
});

/** The request body: integers as integers, filters only when given. */
export function encodeAccessCodeQuery(query: AccessCodeQuery): Record<string, string | number> {
  const body: Record<string, string | number> = {};
  if (query.accessCode !== undefined) body.accessCode = query.accessCode;
  if (query.mediaType !== undefined) body.mediatypeId = MEDIA_TYPE_FILTERS[query.mediaType];
  if (query.description !== undefined) body.description = query.description;
  // The vendor allows limit 0..100; 0 is a legal "count only" request.
  body.limit = vendorLimit(query.limit, 0);
  body.offset = vendorOffset(query.offset);
  return body;
}

export function readAccessCodeListReply(response: InboundResponse): Page<AccessCode> {
  const endpoint = QUERY_ACCESS_CODE_LIST.name;
  // Read by hand, no schema per item: a page brings a hundred (docs/upstream.md#decoding-replies).
  const reply = decodeRecord(endpoint, response);
  const returnCode = codeOf(reply.returnCode);
  // returnCode is documented as optional: a 200 without one is taken as success.
  if (returnCode !== null && returnCode !== '0') {
    throw vendorRejection(endpoint, returnCode, messageOf(reply.description));
  }
  // Current shape `data: {total, calledRouteList}`; an older one returns the items as a bare array,
  // which carries no total: the list's length is then unknown, not the page's.
  const { data } = reply;
  const status = response.status;
  if (data === undefined || data === null) return { total: 0, items: [] };
  if (Array.isArray(data)) return { total: null, items: accessCodesOf(data, 'data', status) };
  if (!isRecord(data)) throw shapeMismatch(endpoint, 'data', 'expected an object or an array', status);
  const rows = listAt(endpoint, data.calledRouteList, 'data.calledRouteList', status);
  return { total: intOf(data.total), items: accessCodesOf(rows, 'data.calledRouteList', status) };
}

function accessCodesOf(rows: readonly unknown[], path: string, status: number): AccessCode[] {
  const items = new Array<AccessCode>(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (!isRecord(row)) {
      throw shapeMismatch(QUERY_ACCESS_CODE_LIST.name, `${path}.${index}`, 'expected an object', status);
    }
    const accessCode = textOf(row.accessCode);
    if (accessCode === null) {
      throw shapeMismatch(QUERY_ACCESS_CODE_LIST.name, `${path}.${index}.accessCode`, 'required', status);
    }
    items[index] = {
      id: textOf(row.id) ?? accessCode,
      accessCode,
      description: textOf(row.description),
      n400Number: textOf(row.n400Number),
      mediaType: codedValue(MEDIA_TYPES, intOf(row.mediatypeId) ?? 0),
      callDirection: callDirection(intOf(row.numCallAttr)),
    };
  }
  return items;
}

function callDirection(code: number | null): AccessCodeCallDirection | null {
  return code === 1 || code === 2 || code === 3 ? CALL_DIRECTIONS[code] : null;
}
