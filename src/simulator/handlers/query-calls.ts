import { verifyCmsSignature } from '../auth/cms-verifier.js';
import type { CallRecordQuery } from '../dataset/dataset.js';
import { type JsonObject, parseJsonObject, readInteger, readText } from '../http/fields.js';
import { jsonReply, type Reply, springError } from '../http/reply.js';
import { type QueryWindow, queryWindow } from '../time-window.js';
import { type EndpointHandler, type HandlerContext, headerValue } from './context.js';

const QUERY_CALLS_MAX_LIMIT = 100;
const DIGITS = /^\d*$/;
const PAGE_HEAD = Buffer.from('{"resultCode":"0100000","resultDesc":{"data":[');

interface PagedCallQuery extends CallRecordQuery {
  limit: number;
  offset: number;
}

/** POST /rest/cmsapp/v2/openapi/vdn/querycalls (CMS signature auth-v2, with the IP lock). */
export function queryCallsHandler(context: HandlerContext): EndpointHandler {
  const credentials = {
    accessKey: context.credentials.cmsAccessKey,
    secretKey: context.credentials.cmsSecretKey,
  };
  return (request) => {
    const now = context.clock.now();
    if (context.ipLock.isLocked(request.remoteAddress)) {
      return springError(
        403,
        'The IP address is locked: too many incorrect authentication strings in a period',
        request.path,
        now,
      );
    }
    const verdict = verifyCmsSignature(
      credentials,
      { ...request, authorization: headerValue(request.headers, 'authorization') },
      now,
    );
    if (!verdict.ok) {
      context.ipLock.recordFailure(request.remoteAddress);
      return springError(401, `Unauthorized access to the interface: ${verdict.reason}`, request.path, now);
    }
    const body = parseJsonObject(request.rawBody);
    if (!body.ok) return springError(400, body.message, request.path, now);
    // One clock reading and one window per request: validation and selection agree even across midnight.
    const window = queryWindow(now, context.timezone);
    const query = readQuery(body.value, window);
    if (typeof query === 'string') return invalidParameter(query);
    const page = context.dataset.callRecordPage(query, {
      offset: query.offset,
      limit: query.limit,
      now,
      window,
    });
    return {
      status: 200,
      body: Buffer.concat([PAGE_HEAD, ...page.json, Buffer.from(`],"count":${page.count}}}`)]),
    };
  };
}

/** CC-CMS error envelope: resultDesc is a string on failure (docs/upstream.md#querycalls). */
function invalidParameter(message: string): Reply {
  return jsonReply(200, { resultCode: '0100002', resultDesc: message });
}

function readQuery(body: JsonObject, window: QueryWindow): PagedCallQuery | string {
  const ccId = readInteger(body.ccId);
  if (ccId.kind !== 'ok' || ccId.value < 1 || ccId.value > 65535)
    return 'ccId must be an integer from 1 to 65535';
  const vdn = readInteger(body.vdn);
  if (vdn.kind !== 'ok' || vdn.value < 1 || vdn.value > 5000) return 'vdn must be an integer from 1 to 5000';
  const isCallIn = body.isCallIn;
  if (isCallIn !== 'true' && isCallIn !== 'false' && typeof isCallIn !== 'boolean') {
    return 'isCallIn must be "true" or "false"';
  }
  const begin = readInteger(body.beginDate);
  if (begin.kind !== 'ok') return 'beginDate is mandatory: a timestamp in milliseconds';
  const end = readInteger(body.endDate);
  if (end.kind !== 'ok') return 'endDate is mandatory: a timestamp in milliseconds';
  if (begin.value < window.earliest) return 'beginDate cannot be earlier than 00:00:00 of the previous day';
  if (end.value > window.latest) return 'endDate cannot be later than 23:59:59 of the current day';
  if (begin.value > end.value) return 'beginDate cannot be later than endDate';
  const callerNo = readNumber(body.callerNo);
  if (callerNo === null) return 'callerNo must consist of digits';
  const calleeNo = readNumber(body.calleeNo);
  if (calleeNo === null) return 'calleeNo must consist of digits';
  const limit = readInteger(body.limit);
  if (
    limit.kind === 'invalid' ||
    (limit.kind === 'ok' && (limit.value < 0 || limit.value > QUERY_CALLS_MAX_LIMIT))
  ) {
    return 'limit must be an integer from 0 to 100';
  }
  const offset = readInteger(body.offset);
  if (offset.kind === 'invalid' || (offset.kind === 'ok' && offset.value < 0)) {
    return 'offset must be an integer >= 0';
  }
  return {
    ccId: ccId.value,
    vdn: vdn.value,
    inbound: isCallIn === 'true' || isCallIn === true,
    from: begin.value,
    to: end.value,
    callerNo,
    calleeNo,
    limit: limit.kind === 'ok' ? limit.value : QUERY_CALLS_MAX_LIMIT,
    offset: offset.kind === 'ok' ? offset.value : 0,
  };
}

/** Empty or absent means "every number"; null means the value broke the digits rule. */
function readNumber(value: unknown): string | null {
  const text = readText(value);
  if (text.kind === 'absent') return '';
  if (text.kind === 'invalid' || !DIGITS.test(text.value)) return null;
  return text.value;
}
