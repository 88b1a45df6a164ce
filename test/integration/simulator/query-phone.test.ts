import { describe, expect, it } from 'vitest';
import { B3_VECTOR_NOW, useHarness } from '../../support/harness.js';

const h = useHarness({ now: B3_VECTOR_NOW, bearer: true });

const phonePage = async (body: unknown) => {
  const res = await h.post('queryPhone', body, h.auth);
  expect(res.status).toBe(200);
  return res.json as { retCode: string; retMsg: string; result?: { total: number; phone: unknown[] } };
};

describe('queryPhone V2', () => {
  it('answers a page of softphones with both registration modes, V2 string ports', async () => {
    const { dataset } = h.simulator;
    const reply = await phonePage({ limit: '3', offset: '0' });
    expect(reply).toEqual({
      retMsg: 'successfully',
      retCode: '0',
      result: {
        total: dataset.softphones.length,
        singleRegServ: dataset.registrationServers.singleRegServ,
        poolRegServ: dataset.registrationServers.poolRegServ,
        phone: dataset.softphones.slice(0, 3),
      },
    });
    const servers = [
      ...dataset.registrationServers.singleRegServ,
      ...dataset.registrationServers.poolRegServ.node1,
      ...dataset.registrationServers.poolRegServ.node2,
    ];
    expect(dataset.registrationServers.singleRegServ.length).toBeGreaterThanOrEqual(1);
    expect(dataset.registrationServers.poolRegServ.node1.length).toBeGreaterThanOrEqual(1);
    expect(dataset.registrationServers.poolRegServ.node2.length).toBeGreaterThanOrEqual(1);
    for (const server of servers) {
      expect(server.regPort).toMatch(/^\d{1,5}$/);
      expect(server.sipServicePort).toMatch(/^\d{1,5}$/);
    }
  });

  it('holds >= 300 softphones in both statuses with passwords, remarks, tenant and partition', () => {
    const phones = h.simulator.dataset.softphones;
    expect(phones.length).toBeGreaterThanOrEqual(300);
    expect(new Set(phones.map((p) => p.status))).toEqual(new Set([0, 1]));
    for (const phone of phones) {
      expect(phone.password.length).toBeGreaterThan(0);
      expect(phone.remark.length).toBeGreaterThan(0);
      expect(typeof phone.tenantId).toBe('string');
      expect(typeof phone.partdbId).toBe('string');
    }
  });

  it('defaults to limit 100 / offset 0, serves > 100 as 100 and < 1 as 1', async () => {
    const phones = h.simulator.dataset.softphones;
    expect((await phonePage({})).result?.phone).toEqual(phones.slice(0, 100));
    expect((await phonePage({ limit: '250' })).result?.phone).toHaveLength(100);
    expect((await phonePage({ limit: '0' })).result?.phone).toEqual(phones.slice(0, 1));
    expect((await phonePage({ limit: '-7', offset: '5' })).result?.phone).toEqual(phones.slice(5, 6));
    // The last seats' ids exceed 2^53: compared as the raw JSON text below, not as parsed numbers.
    const tail = (await phonePage({ limit: '100', offset: '300' })).result?.phone as Array<{
      phoneNum: string;
    }>;
    expect(tail.map((phone) => phone.phoneNum)).toEqual(phones.slice(300).map((phone) => phone.phoneNum));
    expect((await phonePage({ limit: 2, offset: 1 })).result?.phone).toEqual(phones.slice(1, 3));
  });

  it('sends ids above 2^53 as bare JSON numbers with every digit, as the vendor types them', async () => {
    const wide = h.simulator.dataset.softphones.filter((phone) => typeof phone.id === 'bigint');
    expect(wide.length).toBeGreaterThan(0);
    const res = await h.post('queryPhone', { limit: '100', offset: '300' }, h.auth);
    for (const phone of wide) expect(res.text).toContain(`"id":${phone.id},`);
  });

  it('answers retCode 4 without result for empty or non-numeric paging and a negative offset', async () => {
    for (const body of [
      { limit: '' },
      { offset: '' },
      { limit: 'ten' },
      { offset: '-1' },
      { limit: '1.5' },
    ]) {
      const reply = await phonePage(body);
      expect(reply.retCode).toBe('4');
      expect(Object.keys(reply).sort()).toEqual(['retCode', 'retMsg']);
    }
  });
});
