import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { signWithTimestamp } from '../../../src/auth/cms-signature.js';
import { type CallRecordItem, ENDPOINT_PATHS } from '../../../src/simulator/index.js';
import { B3_VECTOR_NOW, useHarness } from '../../support/harness.js';

const h = useHarness({ now: B3_VECTOR_NOW, resetEach: true, rewindEach: true });

const YESTERDAY = Date.UTC(2024, 9, 30);
const END_OF_TODAY = Date.UTC(2024, 9, 31, 23, 59, 59);

interface QueryCallsReply {
  resultCode: string;
  resultDesc: { data: CallRecordItem[]; count: number } | string;
}

const query = (fields: Record<string, unknown>) =>
  JSON.stringify({
    ccId: 1,
    vdn: 1,
    beginDate: YESTERDAY,
    endDate: END_OF_TODAY,
    isCallIn: 'true',
    ...fields,
  });

async function ok(fields: Record<string, unknown>) {
  const res = await h.signedQueryCalls(query(fields));
  expect(res.status).toBe(200);
  const reply = res.json as QueryCallsReply;
  expect(reply.resultCode).toBe('0100000');
  return reply.resultDesc as { data: CallRecordItem[]; count: number };
}

async function invalid(fields: Record<string, unknown>): Promise<string> {
  const res = await h.signedQueryCalls(query(fields));
  expect(res.status).toBe(200);
  const reply = res.json as QueryCallsReply;
  expect(reply.resultCode).toBe('0100002');
  expect(typeof reply.resultDesc).toBe('string');
  return reply.resultDesc as string;
}

describe('querycalls C2 authentication', () => {
  it('accepts a request signed like the B.3 vector against the actual host header', async () => {
    const desc = await ok({ limit: 5 });
    expect(desc.data).toEqual(
      h.simulator.dataset
        .callRecords({ ccId: 1, vdn: 1, inbound: true, from: YESTERDAY, to: END_OF_TODAY })
        .slice(0, 5),
    );
  });

  it('rejects the same signature when one body byte changes', async () => {
    const body = query({ limit: 5 });
    const authorization = signWithTimestamp(
      { accessKey: h.simulator.credentials.cmsAccessKey, secretKey: h.simulator.credentials.cmsSecretKey },
      {
        method: 'POST',
        path: ENDPOINT_PATHS.querycalls,
        headers: { host: new URL(h.simulator.url).host },
        body,
      },
      '2024-10-31T14:06:52Z',
    );
    const tampered = body.replace('"limit":5', '"limit":6');
    expect((await h.post('querycalls', body, { authorization })).status).toBe(200);
    const res = await h.post('querycalls', tampered, { authorization });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ status: 401, error: 'Unauthorized', path: ENDPOINT_PATHS.querycalls });
  });

  it('accepts timestamps with milliseconds and a skew up to 15 minutes, rejects beyond', async () => {
    expect((await h.signedQueryCalls(query({}), { timestamp: '2024-10-31T14:06:52.123Z' })).status).toBe(200);
    expect((await h.signedQueryCalls(query({}), { timestamp: '2024-10-31T13:51:52Z' })).status).toBe(200);
    expect((await h.signedQueryCalls(query({}), { timestamp: '2024-10-31T14:21:52Z' })).status).toBe(200);
    expect((await h.signedQueryCalls(query({}), { timestamp: '2024-10-31T13:51:51Z' })).status).toBe(401);
    expect((await h.signedQueryCalls(query({}), { timestamp: '2024-10-31T14:21:53Z' })).status).toBe(401);
    expect((await h.signedQueryCalls(query({}), { timestamp: '2024-10-31 14:06:52' })).status).toBe(401);
  });

  it('rejects a Bearer token, a missing header, a wrong secret and unsigned host', async () => {
    const token = await h.token();
    expect((await h.post('querycalls', query({}), { authorization: `Bearer ${token}` })).status).toBe(401);
    expect((await h.post('querycalls', query({}))).status).toBe(401);
    expect((await h.signedQueryCalls(query({}), { secretKey: 'wrong' })).status).toBe(401);
    const body = query({});
    const contentTypeOnly = signWithTimestamp(
      { accessKey: h.simulator.credentials.cmsAccessKey, secretKey: h.simulator.credentials.cmsSecretKey },
      {
        method: 'POST',
        path: ENDPOINT_PATHS.querycalls,
        headers: { 'content-type': 'application/json' },
        body,
      },
      '2024-10-31T14:06:52Z',
    );
    const res = await h.post('querycalls', body, { authorization: contentTypeOnly });
    expect(res.status).toBe(401);
    expect((res.json as { message: string }).message).toMatch(/host/);
  });

  it('canonicalises every signed header from the values actually sent', async () => {
    const body = query({});
    const headers = { host: new URL(h.simulator.url).host, 'content-type': 'application/json;charset=UTF-8' };
    const authorization = signWithTimestamp(
      { accessKey: h.simulator.credentials.cmsAccessKey, secretKey: h.simulator.credentials.cmsSecretKey },
      { method: 'POST', path: ENDPOINT_PATHS.querycalls, headers, body },
      '2024-10-31T14:06:52Z',
    );
    expect(authorization).toContain('/content-type;host/');
    const sent = { authorization, 'content-type': 'application/json;charset=UTF-8' };
    expect((await h.post('querycalls', body, sent)).status).toBe(200);
    const other = { authorization, 'content-type': 'application/json' };
    expect((await h.post('querycalls', body, other)).status).toBe(401);
  });

  it('locks the address with a Spring 403 after 5 failures, even for good signatures, until the lock ends', async () => {
    for (let i = 0; i < 5; i++) expect((await h.post('querycalls', query({}))).status).toBe(401);
    const locked = await h.signedQueryCalls(query({}));
    expect(locked.status).toBe(403);
    expect(locked.json).toEqual({
      timestamp: B3_VECTOR_NOW,
      status: 403,
      error: 'Forbidden',
      message: expect.any(String),
      path: ENDPOINT_PATHS.querycalls,
    });
    h.clock.advance(10 * 60_000 - 1);
    expect((await h.signedQueryCalls(query({}))).status).toBe(403);
    h.clock.advance(1);
    expect((await h.signedQueryCalls(query({}))).status).toBe(200);
  });

  it('forgets failures older than the 5-minute window and clears locks on reset', async () => {
    for (let i = 0; i < 4; i++) await h.post('querycalls', query({}));
    h.clock.advance(5 * 60_000);
    await h.post('querycalls', query({}));
    expect((await h.signedQueryCalls(query({}))).status).toBe(200);
    for (let i = 0; i < 5; i++) await h.post('querycalls', query({}));
    expect((await h.signedQueryCalls(query({}))).status).toBe(403);
    h.simulator.control.reset();
    expect((await h.signedQueryCalls(query({}))).status).toBe(200);
  });

  it('answers 400 for a correctly signed malformed body', async () => {
    expect((await h.signedQueryCalls('{"ccId":1,')).status).toBe(400);
  });
});

describe('querycalls B.3 vector over HTTP', () => {
  const vector = useHarness({
    now: B3_VECTOR_NOW,
    credentials: {
      appKey: 'k',
      appSecret: 's',
      cmsAccessKey: 'globalaktest',
      cmsSecretKey: 'exampleSecretKey0123456789',
    },
  });

  const B3_BODY = '{"ccId":1,"vdn":25,"beginDate":1730332800000,"endDate":1730419199000,"isCallIn":"true"}';
  const sendWithB3Authorization = (body: string) =>
    request(`${vector.simulator.url}${ENDPOINT_PATHS.querycalls}`, {
      method: 'POST',
      headers: {
        host: '10.22.26.181:28080',
        'content-type': 'application/json;charset=UTF-8',
        authorization:
          'auth-v2/globalaktest/2024-10-31T14:06:52Z/host/ec6df9e6d35bc09859ffb2bb5c48852a0014de1fb94b616933bfd8ea72588eb0',
      },
      body,
    });

  it('accepts the exact Authorization of the auth-v2 test vector (docs/upstream.md#cms-signature-auth-v2) when the same Host is sent', async () => {
    const res = await sendWithB3Authorization(B3_BODY);
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ resultCode: '0100000', resultDesc: { data: [], count: 0 } });
  });

  it('rejects the B.3 Authorization with 401 when one byte of the body differs', async () => {
    const tampered = B3_BODY.replace('"vdn":25', '"vdn":26');
    expect(tampered).toHaveLength(B3_BODY.length);
    expect(tampered).not.toBe(B3_BODY);
    const res = await sendWithB3Authorization(tampered);
    expect(res.statusCode).toBe(401);
    expect(await res.body.json()).toMatchObject({ status: 401, error: 'Unauthorized' });
  });
});

describe('querycalls validation', () => {
  it('enforces ccId 1-65535 and vdn 1-5000', async () => {
    expect(await invalid({ ccId: 0 })).toMatch(/ccId/);
    expect(await invalid({ ccId: 65536 })).toMatch(/ccId/);
    expect(await invalid({ ccId: undefined })).toMatch(/ccId/);
    expect((await ok({ ccId: 65535 })).count).toBe(0);
    expect(await invalid({ vdn: 0 })).toMatch(/vdn/);
    expect(await invalid({ vdn: 5001 })).toMatch(/vdn/);
    expect((await ok({ vdn: 5000 })).count).toBe(0);
  });

  it('enforces limit <= 100 and offset >= 0', async () => {
    expect((await ok({ limit: 100 })).data).toHaveLength(100);
    expect(await invalid({ limit: 101 })).toMatch(/limit/);
    expect(await invalid({ limit: -1 })).toMatch(/limit/);
    expect(await invalid({ offset: -1 })).toMatch(/offset/);
    expect((await ok({})).data).toHaveLength(100);
  });

  it('requires isCallIn "true" or "false" and mandatory dates', async () => {
    expect(await invalid({ isCallIn: 'yes' })).toMatch(/isCallIn/);
    expect(await invalid({ isCallIn: undefined })).toMatch(/isCallIn/);
    expect(await invalid({ beginDate: undefined })).toMatch(/beginDate/);
    expect(await invalid({ endDate: 'soon' })).toMatch(/endDate/);
  });

  it('accepts the window edges exactly and rejects 1 ms beyond them', async () => {
    await ok({ beginDate: YESTERDAY, endDate: END_OF_TODAY });
    expect(await invalid({ beginDate: YESTERDAY - 1 })).toMatch(/beginDate/);
    expect(await invalid({ endDate: END_OF_TODAY + 1 })).toMatch(/endDate/);
    expect(await invalid({ beginDate: END_OF_TODAY, endDate: YESTERDAY })).toMatch(/beginDate/);
  });

  it('accepts dates as numeric strings (docs/upstream.md#querycalls)', async () => {
    const asStrings = await ok({ beginDate: String(YESTERDAY), endDate: String(END_OF_TODAY), limit: 3 });
    const asNumbers = await ok({ limit: 3 });
    expect(asStrings).toEqual(asNumbers);
  });

  it('requires digits in callerNo / calleeNo; empty means all', async () => {
    expect(await invalid({ callerNo: '12ab' })).toMatch(/callerNo/);
    expect(await invalid({ calleeNo: '+55' })).toMatch(/calleeNo/);
    expect((await ok({ callerNo: '', calleeNo: '' })).count).toBe((await ok({})).count);
  });
});

describe('querycalls window in another time zone', () => {
  const shanghai = useHarness({ now: B3_VECTOR_NOW, timezone: 'Asia/Shanghai' });

  it('uses local midnight of yesterday and 23:59:59 today in that zone', async () => {
    // 14:06:52Z is 22:06:52 on 31 Oct in UTC+8.
    const earliest = Date.UTC(2024, 9, 29, 16);
    const latest = Date.UTC(2024, 9, 31, 15, 59, 59);
    expect(shanghai.simulator.dataset.queryWindow()).toMatchObject({ earliest, latest });
    const send = (beginDate: number, endDate: number) =>
      shanghai.signedQueryCalls(
        JSON.stringify({ ccId: 1, vdn: 2, beginDate, endDate, isCallIn: 'false', limit: 1 }),
      );
    expect(((await send(earliest, latest)).json as QueryCallsReply).resultCode).toBe('0100000');
    expect(((await send(earliest - 1, latest)).json as QueryCallsReply).resultCode).toBe('0100002');
    expect(((await send(earliest, latest + 1)).json as QueryCallsReply).resultCode).toBe('0100002');
  });
});
