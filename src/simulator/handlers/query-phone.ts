import { type JsonObject, type Read, readInteger } from '../http/fields.js';
import { jsonReply, type Reply } from '../http/reply.js';
import { ReplyCache } from '../http/reply-cache.js';
import { readBearerRequest } from './bearer-guard.js';
import type { EndpointHandler, HandlerContext } from './context.js';

const PHONE_DEFAULT_LIMIT = 100;

/** POST /apiaccess/CC-Management/v2/mobileAgent/queryPhone (bearer token). */
export function queryPhoneHandler(context: HandlerContext): EndpointHandler {
  const { dataset } = context;
  const phones = dataset.softphoneEntries;
  // Registration servers come with every reply; serialise them once.
  const servers = JSON.stringify(dataset.registrationServers).slice(1, -1);
  const pages = new ReplyCache();
  const render = (limit: number, offset: number): string => {
    let list = '';
    for (let i = offset; i < Math.min(offset + limit, phones.length); i++) {
      const json = phones[i]?.json ?? '';
      list += list === '' ? json : `,${json}`;
    }
    // "successfully", not "success": the page example's word (getCalledInfo's page says "success").
    return `{"retMsg":"successfully","retCode":"0","result":{"total":${phones.length},${servers},"phone":[${list}]}}`;
  };
  return (request) => {
    const read = readBearerRequest(context, request, { appKeyRequired: false });
    if (!read.ok) return read.reply;
    const body = read.body;
    const paging = readPaging(body);
    if (typeof paging === 'string') return failure('4', paging);
    const { limit, offset } = paging;
    return { status: 200, body: pages.get(`${limit}:${offset}`, () => render(limit, offset)) };
  };
}

/** Failures carry no `result` key, like getCalledInfo's documented failure sample. */
function failure(retCode: string, retMsg: string): Reply {
  return jsonReply(200, { retMsg, retCode });
}

/**
 * limit/offset are documented as strings; numbers are accepted too. Absent: 100 / 0. limit above 100
 * is served as 100 and below 1 as 1. An empty or non-numeric value, or a negative offset, is retCode 4
 * ("The limit or offset pagination data is empty").
 */
function readPaging(body: JsonObject): { limit: number; offset: number } | string {
  const limit = readPagingField(body.limit);
  if (limit.kind === 'invalid') return 'limit must be a numeric string';
  const offset = readPagingField(body.offset);
  if (offset.kind === 'invalid' || (offset.kind === 'ok' && offset.value < 0)) {
    return 'offset must be a numeric string >= 0';
  }
  return {
    limit:
      limit.kind === 'ok' ? Math.max(1, Math.min(limit.value, PHONE_DEFAULT_LIMIT)) : PHONE_DEFAULT_LIMIT,
    offset: offset.kind === 'ok' ? offset.value : 0,
  };
}

function readPagingField(value: unknown): Read<number> {
  if (value === '') return { kind: 'invalid' };
  return readInteger(value);
}
