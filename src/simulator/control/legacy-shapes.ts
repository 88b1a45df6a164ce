import type { EndpointName } from '../endpoints.js';

/**
 * Older or looser reply shapes that the vendor documentation also shows (docs/upstream.md#decoding-replies),
 * produced from the current reply on demand (fault `shape: 'legacy'`), so clients can prove over real
 * HTTP that they decode them. The simulator's normal answers stay in the current documented shape.
 */
type Json = Record<string, unknown>;

const asObject = (value: unknown): Json =>
  typeof value === 'object' && value !== null ? (value as Json) : {};
const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
/** Numbers sent as numeric strings, as several vendor examples do. */
const stringified = (item: Json, keys: readonly string[]): Json =>
  Object.fromEntries(
    Object.entries(item).map(([key, value]) => [
      key,
      keys.includes(key) && value !== null ? String(value) : value,
    ]),
  );

const LEGACY: Readonly<Record<EndpointName, (reply: Json) => Json>> = {
  // Expires and CreateTime as numbers rather than strings.
  tokenByAkSk: (reply) => ({
    ...reply,
    Expires: Number(reply.Expires),
    CreateTime: Number(reply.CreateTime),
  }),
  // An older published version: `data` is the bare item array, without total or calledRouteList.
  queryAccessCodeList: (reply) => ({
    returnCode: reply.returnCode,
    description: reply.description,
    data: asArray(asObject(reply.data).calledRouteList).map((item) =>
      stringified(item, ['mediatypeId', 'numCallAttr']),
    ),
  }),
  // The page's own example: one registration server at the top of `result`, phones with number and password only.
  queryPhone: (reply) => {
    const result = asObject(reply.result);
    const [server] = asArray(result.singleRegServ);
    return {
      retMsg: reply.retMsg,
      retCode: reply.retCode,
      result: {
        total: result.total,
        regPort: server?.regPort,
        regIPAddress: server?.regIPAddress,
        phone: asArray(result.phone).map((phone) => ({ phoneNum: phone.phoneNum, password: phone.password })),
      },
    };
  },
  getCalledInfo: (reply) =>
    reply.result === undefined
      ? reply
      : { ...reply, result: stringified(asObject(reply.result), ['devType', 'skillId']) },
  createcall: (reply) => reply,
  // Older CMS replies: `resultDesc` is the item array itself, numbers as strings.
  querycalls: (reply) => {
    const desc = asObject(reply.resultDesc);
    return {
      resultCode: reply.resultCode,
      resultDesc: asArray(desc.data).map((item) => stringified(item, ['vdn', 'mediaType', 'subMediaType'])),
    };
  },
};

export function legacyShape(endpoint: EndpointName, body: string): string {
  try {
    return JSON.stringify(LEGACY[endpoint](asObject(JSON.parse(body))));
  } catch {
    return body;
  }
}
