import type { AccessCodeEntry } from '../dataset/access-codes.js';
import { type JsonObject, readInteger, readText } from '../http/fields.js';
import { jsonReply, type Reply } from '../http/reply.js';
import { ReplyCache } from '../http/reply-cache.js';
import { readBearerRequest } from './bearer-guard.js';
import type { EndpointHandler, HandlerContext } from './context.js';

const FILTERABLE_MEDIA_TYPES = new Set([2, 5, 53]);
const ACCESS_CODE_MAX_LIMIT = 100;
const ACCESS_CODE_MAX_OFFSET = 100;

interface AccessCodeQuery {
  accessCode: string;
  description: string;
  mediatypeId: number | undefined;
  limit: number;
  offset: number;
}

/** POST /apiaccess/rest/cc-management/v1/accessCodeInfo/queryAccessCodeList (bearer token). */
export function accessCodesHandler(context: HandlerContext): EndpointHandler {
  const entries = context.dataset.accessCodeEntries;
  const unfilteredPages = new ReplyCache();
  return (request) => {
    const read = readBearerRequest(context, request, { appKeyRequired: false });
    if (!read.ok) return read.reply;
    const body = read.body;
    const query = readQuery(body);
    if (typeof query === 'string') return failure(query);
    const matches = filter(entries, query);
    if (matches === entries) {
      const key = `${query.limit}:${query.offset}`;
      return { status: 200, body: unfilteredPages.get(key, () => render(entries, query)) };
    }
    return { status: 200, body: render(matches, query) };
  };
}

function render(matches: readonly AccessCodeEntry[], query: AccessCodeQuery): string {
  let list = '';
  for (const entry of matches.slice(query.offset, query.offset + query.limit)) {
    list += list === '' ? entry.json : `,${entry.json}`;
  }
  return `{"returnCode":"0","data":{"total":${matches.length},"calledRouteList":[${list}]},"description":"success"}`;
}

/** The page only says "other values: failure"; the simulator answers "1" with the broken rule (README). */
function failure(description: string): Reply {
  return jsonReply(200, { returnCode: '1', description });
}

function readQuery(body: JsonObject): AccessCodeQuery | string {
  const accessCode = readText(body.accessCode);
  if (accessCode.kind === 'invalid') return 'accessCode must be a string';
  const description = readText(body.description);
  if (description.kind === 'invalid') return 'description must be a string';
  const mediatypeId = readInteger(body.mediatypeId);
  if (
    mediatypeId.kind === 'invalid' ||
    (mediatypeId.kind === 'ok' && !FILTERABLE_MEDIA_TYPES.has(mediatypeId.value))
  ) {
    return 'mediatypeId must be 2, 5 or 53';
  }
  const limit = readInteger(body.limit);
  if (limit.kind === 'invalid' || (limit.kind === 'ok' && limit.value < 0)) {
    return 'limit must be an integer from 0 to 100';
  }
  const offset = readInteger(body.offset);
  if (
    offset.kind === 'invalid' ||
    (offset.kind === 'ok' && (offset.value < 0 || offset.value > ACCESS_CODE_MAX_OFFSET))
  ) {
    return 'offset must be an integer from 0 to 100';
  }
  return {
    accessCode: accessCode.kind === 'ok' ? accessCode.value.toLowerCase() : '',
    description: description.kind === 'ok' ? description.value.toLowerCase() : '',
    mediatypeId: mediatypeId.kind === 'ok' ? mediatypeId.value : undefined,
    // Above 100 is served as 100, as the page says.
    limit: limit.kind === 'ok' ? Math.min(limit.value, ACCESS_CODE_MAX_LIMIT) : ACCESS_CODE_MAX_LIMIT,
    offset: offset.kind === 'ok' ? offset.value : 0,
  };
}

/** Fuzzy = case-insensitive substring; an empty filter matches everything. */
function filter(entries: readonly AccessCodeEntry[], query: AccessCodeQuery): readonly AccessCodeEntry[] {
  if (query.accessCode === '' && query.description === '' && query.mediatypeId === undefined) return entries;
  return entries.filter(
    (entry) =>
      (query.accessCode === '' || entry.accessCodeLower.includes(query.accessCode)) &&
      (query.description === '' || (entry.descriptionLower?.includes(query.description) ?? false)) &&
      (query.mediatypeId === undefined || entry.item.mediatypeId === query.mediatypeId),
  );
}
