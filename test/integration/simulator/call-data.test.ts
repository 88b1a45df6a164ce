import { describe, expect, it } from 'vitest';
import type { CallRecordItem } from '../../../src/simulator/index.js';
import { B3_VECTOR_NOW, useHarness } from '../../support/harness.js';

const h = useHarness({ now: B3_VECTOR_NOW, rewindEach: true });

const window = () => h.simulator.dataset.queryWindow();

async function page(fields: Record<string, unknown>) {
  const body = JSON.stringify({
    ccId: 1,
    vdn: 3,
    beginDate: window().earliest,
    endDate: window().latest,
    isCallIn: 'false',
    ...fields,
  });
  const res = await h.signedQueryCalls(body);
  expect(res.status).toBe(200);
  return (res.json as { resultDesc: { data: CallRecordItem[]; count: number } }).resultDesc;
}

describe('querycalls data over HTTP', () => {
  it('pages a stable order: consecutive pages concatenate to the dataset list', async () => {
    const { earliest, latest } = window();
    const expected = h.simulator.dataset.callRecords({
      ccId: 1,
      vdn: 3,
      inbound: false,
      from: earliest,
      to: latest,
    });
    expect(expected.length).toBeGreaterThan(500);
    const pages: CallRecordItem[] = [];
    for (let offset = 0; offset < 300; offset += 100) {
      const reply = await page({ limit: 100, offset });
      expect(reply.count).toBe(expected.length);
      pages.push(...reply.data);
    }
    expect(pages).toEqual(expected.slice(0, 300));
    const last = await page({ limit: 100, offset: expected.length - 10 });
    expect(last.data).toEqual(expected.slice(-10));
    expect((await page({ offset: expected.length + 5 })).data).toEqual([]);
  });

  it('filters by exact callerNo and calleeNo', async () => {
    const { earliest, latest } = window();
    const all = h.simulator.dataset.callRecords({
      ccId: 1,
      vdn: 3,
      inbound: false,
      from: earliest,
      to: latest,
    });
    const sample = all[42];
    if (!sample) throw new Error('too few calls');
    const byCallee = await page({ calleeNo: sample.calleeNo });
    expect(byCallee.count).toBe(all.filter((c) => c.calleeNo === sample.calleeNo).length);
    for (const call of byCallee.data) expect(call.calleeNo).toBe(sample.calleeNo);
    const byCaller = await page({ callerNo: sample.callerNo, calleeNo: sample.calleeNo });
    expect(byCaller.data.every((c) => c.callerNo === sample.callerNo && c.calleeNo === sample.calleeNo)).toBe(
      true,
    );
  });

  it('restricts to [beginDate, endDate] on waitBegin', async () => {
    const from = Date.UTC(2024, 9, 31, 9);
    const to = Date.UTC(2024, 9, 31, 10);
    const reply = await page({ beginDate: from, endDate: to });
    expect(reply.count).toBeGreaterThan(0);
    for (const call of reply.data) {
      expect(Number(call.waitBegin)).toBeGreaterThanOrEqual(from);
      expect(Number(call.waitBegin)).toBeLessThanOrEqual(to);
    }
  });

  it('shows more calls as the clock moves on, never any from the future', async () => {
    const before = await page({ limit: 0 });
    h.clock.advance(2 * 3_600_000);
    const later = await page({ limit: 0 });
    expect(later.count).toBeGreaterThan(before.count);
    const { earliest, latest } = window();
    for (const call of h.simulator.dataset.callRecords({
      ccId: 1,
      vdn: 3,
      inbound: false,
      from: earliest,
      to: latest,
    })) {
      expect(Number(call.logDate)).toBeLessThanOrEqual(h.clock.now());
    }
  });

  it('answers an empty list for other call centers and VDNs above 10', async () => {
    expect(await page({ ccId: 2 })).toEqual({ data: [], count: 0 });
    expect(await page({ vdn: 11 })).toEqual({ data: [], count: 0 });
  });
});
