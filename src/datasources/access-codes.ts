import { z } from 'zod';
import type { ApiAccessClient } from '../transport/api-access-client.js';
import type { InboundResponse } from '../transport/http-transport.js';
import type { AccessCode, AccessCodeQuery, AccessCodeSource, Page } from './domain.js';
import { lenientArray, lenientCode, lenientInt, lenientString, messageOf } from './lenient.js';
import { vendorLimit, vendorOffset } from './paging.js';
import { decodeReply, vendorRejection } from './reply.js';

/** queryAccessCodeList (C1): the tenant's access codes, fuzzy-matched by code or description. */
export const QUERY_ACCESS_CODE_LIST_PATH =
  '/apiaccess/rest/cc-management/v1/accessCodeInfo/queryAccessCodeList';

export function createAccessCodeSource(client: ApiAccessClient): AccessCodeSource {
  return {
    async list(query) {
      const response = await client.post(
        'queryAccessCodeList',
        QUERY_ACCESS_CODE_LIST_PATH,
        encodeAccessCodeQuery(query),
      );
      return readAccessCodeListReply(response);
    },
  };
}

/** The request body: integers as integers, filters only when given. */
export function encodeAccessCodeQuery(query: AccessCodeQuery): Record<string, string | number> {
  const body: Record<string, string | number> = {};
  if (query.accessCode !== undefined) body.accessCode = query.accessCode;
  if (query.mediaTypeId !== undefined) body.mediatypeId = query.mediaTypeId;
  if (query.description !== undefined) body.description = query.description;
  // The vendor allows limit 0..100; 0 is a legal "count only" request.
  body.limit = vendorLimit(query.limit, 0);
  body.offset = vendorOffset(query.offset);
  return body;
}

const accessCodeItem = z.object({
  id: lenientString,
  accessCode: lenientString.pipe(z.string()),
  mediatypeId: lenientInt,
  n400Number: lenientString,
  description: lenientString,
  numCallAttr: lenientInt,
});

/** Current shape `data: {total, calledRouteList}`; an older one returns the items as a bare array. */
export const accessCodeListReply = z.object({
  returnCode: lenientCode,
  description: z.unknown(),
  data: z
    .union([
      z.array(accessCodeItem),
      z.object({ total: lenientInt, calledRouteList: lenientArray(accessCodeItem) }),
    ])
    .nullish(),
});

export function readAccessCodeListReply(response: InboundResponse): Page<AccessCode> {
  const reply = decodeReply('queryAccessCodeList', response, accessCodeListReply);
  // returnCode is documented as optional: a 200 without one is taken as success.
  if (reply.returnCode !== null && reply.returnCode !== '0') {
    throw vendorRejection('queryAccessCodeList', reply.returnCode, messageOf(reply.description));
  }
  const data = reply.data;
  const rows = Array.isArray(data) ? data : (data?.calledRouteList ?? []);
  const total = Array.isArray(data) ? data.length : (data?.total ?? rows.length);
  return {
    total,
    items: rows.map((row) => ({
      id: row.id,
      accessCode: row.accessCode,
      description: row.description,
      n400Number: row.n400Number,
      mediaTypeCode: row.mediatypeId,
      callDirectionCode: row.numCallAttr,
    })),
  };
}
