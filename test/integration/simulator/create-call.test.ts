import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_CALL_FAILURES } from '../../../src/simulator/handlers/create-call.js';
import { type SimulatorHarness, startHarness } from './support.js';

let h: SimulatorHarness;
let auth: Record<string, string>;
beforeAll(async () => {
  h = await startHarness();
  auth = await h.bearer();
});
afterAll(() => h.close());

const createCall = async (body: unknown) => {
  const res = await h.post('createcall', body, auth);
  expect(res.status).toBe(200);
  return res.json as { resultCode: string; resultDesc: string; resultData?: Record<string, string> };
};

describe('createcall', () => {
  it('creates a call: serial number, SIP address and access code + UVID', async () => {
    const first = await createCall({ called: '88884432', callData: '1', callerPresent: '95599' });
    expect(first.resultCode).toBe('0');
    expect(first.resultDesc).toBe('Success');
    expect(first.resultData?.sipServiceAddress).toBe(h.simulator.dataset.sipServiceAddress);
    expect(first.resultData?.sipServiceAddress).toMatch(/^\d+\.\d+\.\d+\.\d+:\d+$/);
    expect(first.resultData?.callSerialNo?.length).toBeLessThanOrEqual(50);
    const accessCode = h.simulator.dataset.accessCodes.find((c) =>
      first.resultData?.accesscode?.startsWith(c.accessCode),
    );
    expect(accessCode).toBeDefined();
    const second = await createCall({ called: '88884432' });
    expect(second.resultData?.callSerialNo).not.toBe(first.resultData?.callSerialNo);
    expect(second.resultData?.accesscode).not.toBe(first.resultData?.accesscode);
  });

  it.each(Object.entries(CREATE_CALL_FAILURES))('answers %s when called is that code', async (code, text) => {
    expect(await createCall({ called: code })).toEqual({ resultCode: code, resultDesc: text });
  });

  it('answers 30010000003 for invalid input', async () => {
    for (const body of [
      {},
      { called: '' },
      { called: '1'.repeat(33) },
      { called: 'abc' },
      { called: '123', callerPresent: '9'.repeat(33) },
      { called: '123', callData: 'x'.repeat(1025) },
      { called: '123', callData: { nested: true } },
    ]) {
      const reply = await createCall(body);
      expect(reply.resultCode).toBe('30010000003');
      expect(reply.resultData).toBeUndefined();
    }
  });

  it('accepts the maximum lengths', async () => {
    const reply = await createCall({
      called: '1'.repeat(32),
      callerPresent: '9'.repeat(32),
      callData: 'x'.repeat(1024),
    });
    expect(reply.resultCode).toBe('0');
  });
});
