import { describe, expect, it } from 'vitest';
import { calledInfoExample } from '../../fixtures/vendor-examples.js';
import { B3_VECTOR_NOW, useHarness } from '../../support/harness.js';

const h = useHarness({ now: B3_VECTOR_NOW, bearer: true });

const calledInfo = async (body: unknown) => {
  const res = await h.post('getCalledInfo', body, h.auth);
  expect(res.status).toBe(200);
  return res.json;
};

describe('getCalledInfo', () => {
  it('routes every access code to a skill queue or a number', async () => {
    const { dataset } = h.simulator;
    const kinds = new Set<number>();
    for (const code of dataset.accessCodes) {
      const route = dataset.routeFor(code.accessCode);
      expect(route).toBeDefined();
      if (!route) continue;
      kinds.add(route.devType);
      if (route.devType === 0) expect(route.skillId).toEqual(expect.any(Number));
    }
    expect(kinds).toEqual(new Set([0, 1]));
  });

  it('answers the routing of a skill-queue and of a number access code', async () => {
    const { dataset } = h.simulator;
    for (const devType of [0, 1]) {
      const code = dataset.accessCodes.find((c) => dataset.routeFor(c.accessCode)?.devType === devType);
      if (!code) throw new Error(`no devType ${devType} route`);
      const route = dataset.routeFor(code.accessCode);
      expect(await calledInfo({ caller: '13800000000', called: code.accessCode })).toEqual({
        retMsg: 'success',
        retCode: '0',
        result: route,
      });
    }
  });

  it('answers the documented retCode 5 body, without result, for an unconfigured number', async () => {
    // The page example sends numbers as JSON numbers.
    expect(await calledInfo(calledInfoExample.request)).toEqual(calledInfoExample.reply);
  });

  it('answers retCode 4 without result for missing, empty or over-long numbers', async () => {
    const long = '1'.repeat(33);
    for (const body of [
      { caller: '1' },
      { called: '9911411' },
      { caller: '', called: '9911411' },
      { caller: '1', called: long },
      { caller: long, called: '9911411' },
      { caller: '1', called: ['9911411'] },
    ]) {
      const reply = (await calledInfo(body)) as Record<string, string>;
      expect(reply.retCode).toBe('4');
      expect(Object.keys(reply).sort()).toEqual(['retCode', 'retMsg']);
    }
    const max = (await calledInfo({ caller: '1'.repeat(32), called: '9911411' })) as { retCode: string };
    expect(max.retCode).toBe('0');
  });
});
