import { describe, expect, it } from 'vitest';
import type { CallRecordItem } from '../../../src/simulator/index.js';
import {
  accessCodeListExample,
  calledInfoExample,
  createCallExample,
  queryCallsExample,
  queryPhoneExample,
  tokenExample,
} from '../../fixtures/vendor-examples.js';
import { B3_VECTOR_NOW, useHarness } from '../../support/harness.js';

/** A JSON value's shape: key names and primitive types, recursively (arrays by their first element). */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value === null) return 'null';
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v)]),
    );
  }
  return typeof value;
}

/** Types the page tables give for fields the examples leave out. */
const TABLE_SHAPES = {
  queryPhoneServer: {
    regIPAddress: 'string',
    regPort: 'string',
    sipServicePort: 'string',
    sipServiceIp: 'string',
  },
  queryPhoneItem: {
    phoneNum: 'string',
    password: 'string',
    id: 'number',
    status: 'number',
    remark: 'string',
    tenantId: 'string',
    partdbId: 'string',
  },
  calledInfoResult: { devType: 'number', called: 'string', skillId: 'number', skillName: 'string' },
  createcallData: { callSerialNo: 'string', sipServiceAddress: 'string', accesscode: 'string' },
} as const;

const h = useHarness({ now: B3_VECTOR_NOW, bearer: true });

describe('replies match the vendor pages key for key', () => {
  it('tokenByAkSk', async () => {
    const res = await h.post('tokenByAkSk', {
      app_key: h.simulator.credentials.appKey,
      app_secret: h.simulator.credentials.appSecret,
    });
    expect(shapeOf(res.json)).toEqual(shapeOf(tokenExample.reply));
    expect(Object.keys(res.json as object)).toEqual(Object.keys(tokenExample.reply));
  });

  it('queryAccessCodeList: the example request without its description filter replays the example reply exactly', async () => {
    // The page's request also sends `description: "access code"`, but its own reply item has a null
    // description, which no description filter matches (README); so the request and reply on the page
    // cannot both hold. An empty description is no filter, which gives back the example reply.
    const body = { ...accessCodeListExample.request, description: '' };
    const res = await h.post('queryAccessCodeList', body, h.auth);
    expect(res.json).toEqual(accessCodeListExample.reply);
    const full = (await h.post('queryAccessCodeList', {}, h.auth)).json as typeof accessCodeListExample.reply;
    const item = full.data.calledRouteList.find((c) => c.n400Number !== null && c.description !== null);
    expect(Object.keys(item ?? {})).toEqual(Object.keys(accessCodeListExample.reply.data.calledRouteList[0]));
    expect(shapeOf(item)).toEqual({
      id: 'string',
      accessCode: 'string',
      mediatypeId: 'number',
      n400Number: 'string',
      description: 'string',
      numCallAttr: 'number',
    });
  });

  it('queryAccessCodeList: the exact example request matches nothing (its item has a null description)', async () => {
    const res = await h.post('queryAccessCodeList', accessCodeListExample.request, h.auth);
    expect(res.json).toEqual({
      returnCode: '0',
      data: { total: 0, calledRouteList: [] },
      description: 'success',
    });
  });

  it('queryPhone V2: the example envelope, but the table shape for result (both modes, string ports)', async () => {
    const res = await h.post('queryPhone', queryPhoneExample.request, h.auth);
    const reply = res.json as { retMsg: string; retCode: string; result: Record<string, unknown> };
    const example = queryPhoneExample.reply;
    expect({ retMsg: reply.retMsg, retCode: reply.retCode }).toEqual({
      retMsg: example.retMsg,
      retCode: example.retCode,
    });
    // Deliberate differences from the page example (docs/upstream.md#decoding-replies: the simulator emits the documented current
    // shape; the client also accepts the old one). The example is the older shape with the registration
    // server as top-level `regIPAddress`/`regPort` in `result`; the simulator emits the page table's
    // `singleRegServ[]` and `poolRegServ.node1[]/node2[]` instead, whose items carry those fields. The
    // example's phone items show only phoneNum and password; the simulator sends every column of the table.
    const emitted = Object.keys(reply.result);
    const documented = Object.keys(example.result);
    expect(documented.filter((key) => !emitted.includes(key))).toEqual(['regPort', 'regIPAddress']);
    expect(emitted.filter((key) => !documented.includes(key))).toEqual(['singleRegServ', 'poolRegServ']);
    const server = TABLE_SHAPES.queryPhoneServer;
    expect(shapeOf(res.json)).toEqual({
      retMsg: 'string',
      retCode: 'string',
      result: {
        total: 'number',
        singleRegServ: [server],
        poolRegServ: { node1: [server], node2: [server] },
        phone: [TABLE_SHAPES.queryPhoneItem],
      },
    });
    expect(shapeOf(reply.result.phone)).toEqual([expect.objectContaining(shapeOf(example.result.phone[0]))]);
  });

  it('getCalledInfo: failure exactly as the example, success per the table', async () => {
    const failure = await h.post('getCalledInfo', calledInfoExample.request, h.auth);
    expect(failure.json).toEqual(calledInfoExample.reply);
    const { dataset } = h.simulator;
    const code = dataset.accessCodes.find((c) => dataset.routeFor(c.accessCode)?.devType === 0);
    const success = await h.post('getCalledInfo', { caller: '1', called: code?.accessCode }, h.auth);
    expect(shapeOf(success.json)).toEqual({
      retMsg: 'string',
      retCode: 'string',
      result: TABLE_SHAPES.calledInfoResult,
    });
  });

  it('createcall: the example keys plus the documented callSerialNo', async () => {
    const res = await h.post('createcall', createCallExample.request, h.auth);
    expect(shapeOf(res.json)).toEqual({
      resultCode: 'string',
      resultDesc: 'string',
      resultData: TABLE_SHAPES.createcallData,
    });
    const example = shapeOf(createCallExample.reply) as { resultData: object };
    expect(shapeOf(res.json)).toMatchObject(example);
  });

  it('querycalls: an answered multimedia call has exactly the example item shape', async () => {
    const { earliest, latest } = h.simulator.dataset.queryWindow();
    const res = await h.signedQueryCalls(
      JSON.stringify({ ccId: 1, vdn: 1, beginDate: earliest, endDate: latest, isCallIn: 'true', limit: 100 }),
    );
    const reply = res.json as { resultCode: string; resultDesc: { data: CallRecordItem[]; count: number } };
    const answeredChat = reply.resultDesc.data.find((c) => c.mediaType === 53 && c.ackBegin !== null);
    expect(answeredChat).toBeDefined();
    expect(
      shapeOf({ ...reply, resultDesc: { data: [answeredChat], count: reply.resultDesc.count } }),
    ).toEqual(shapeOf(queryCallsExample.reply));
    expect(Object.keys(answeredChat ?? {})).toEqual(Object.keys(queryCallsExample.reply.resultDesc.data[0]));
    // Every item has the same keys; only the documented nullable ones may be null.
    for (const item of reply.resultDesc.data) {
      expect(Object.keys(item)).toEqual(Object.keys(queryCallsExample.reply.resultDesc.data[0]));
      const nulls = Object.entries(item)
        .filter(([, v]) => v === null)
        .map(([k]) => k);
      for (const key of nulls) expect(['ackBegin', 'callBegin', 'subMediaType']).toContain(key);
    }
  });

  it('querycalls failure: resultDesc is a string', async () => {
    const res = await h.signedQueryCalls(JSON.stringify({ ccId: 0 }));
    expect(shapeOf(res.json)).toEqual({ resultCode: 'string', resultDesc: 'string' });
    expect((res.json as { resultCode: string }).resultCode).toBe('0100002');
  });
});
