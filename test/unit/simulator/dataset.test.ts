import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { SeededDataset } from '../../../src/simulator/dataset/dataset.js';
import { DEFAULT_SEED } from '../../../src/simulator/index.js';

const NOW = Date.UTC(2024, 9, 31, 14, 6, 52);
const make = (seed = DEFAULT_SEED, now = NOW) =>
  new SeededDataset({ seed, clock: new ManualClock(now), timezone: 'UTC' });

function allCalls(dataset: SeededDataset, vdn: number, inbound: boolean) {
  const { earliest, latest } = dataset.queryWindow();
  return dataset.callRecords({ ccId: 1, vdn, inbound, from: earliest, to: latest });
}

describe('seeded data set', () => {
  it('is identical for the same seed and different for another', () => {
    expect(make().accessCodes).toEqual(make().accessCodes);
    expect(make().softphones).toEqual(make().softphones);
    expect(allCalls(make(), 4, true)).toEqual(allCalls(make(), 4, true));
    expect(make(1).accessCodes).not.toEqual(make(2).accessCodes);
  });

  it('has >= 250 unique access codes over every media type and direction, some without n400/description', () => {
    const codes = make().accessCodes;
    expect(codes.length).toBeGreaterThanOrEqual(250);
    expect(new Set(codes.map((c) => c.accessCode)).size).toBe(codes.length);
    expect(new Set(codes.map((c) => c.id)).size).toBe(codes.length);
    expect(new Set(codes.map((c) => c.mediatypeId))).toEqual(new Set([2, 5, 18, 19, 53]));
    expect(new Set(codes.map((c) => c.numCallAttr))).toEqual(new Set([1, 2, 3]));
    expect(codes.some((c) => c.n400Number === null)).toBe(true);
    expect(codes.some((c) => c.n400Number !== null)).toBe(true);
    expect(codes.some((c) => c.description === null)).toBe(true);
    const sorted = [...codes].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    expect(sorted).toEqual(codes);
  });

  it('holds thousands of realistic calls per VDN for yesterday and today, none after now', () => {
    const dataset = make();
    const inbound = allCalls(dataset, 1, true);
    const outbound = allCalls(dataset, 1, false);
    expect(inbound.length + outbound.length).toBeGreaterThan(2000);
    const { earliest } = dataset.queryWindow();
    for (const call of [...inbound, ...outbound]) {
      const wait = Number(call.waitBegin);
      expect(wait).toBeGreaterThanOrEqual(earliest);
      expect(Number(call.logDate)).toBeLessThanOrEqual(NOW);
      expect(Number(call.callEnd)).toBeGreaterThanOrEqual(wait);
      expect(Number(call.logDate)).toBeGreaterThanOrEqual(Number(call.callEnd));
      if (call.ackBegin !== null) {
        expect(Number(call.ackBegin)).toBeGreaterThanOrEqual(wait);
        expect(Number(call.callBegin)).toBeGreaterThanOrEqual(Number(call.ackBegin));
        expect(Number(call.callEnd)).toBeGreaterThanOrEqual(Number(call.callBegin));
      } else {
        expect(call.callBegin).toBeNull();
      }
      expect(call.vdn).toBe(1);
      if (call.mediaType === 53) expect(call.subMediaType).toBeGreaterThanOrEqual(1);
      else expect(call.subMediaType).toBeNull();
    }
    expect(new Set(inbound.map((c) => c.callType))).toEqual(new Set(['0', '5', '13', '21']));
    expect(new Set(outbound.map((c) => c.callType))).toEqual(
      new Set(['7', '8', '10', '40', '41', '42', '43', '44']),
    );
    const reasons = new Set([...inbound, ...outbound].map((c) => c.leaveReason));
    for (const reason of ['15', '16', '88', '89', '26', '20']) expect(reasons).toContain(reason);
    expect(inbound.some((c) => c.ackBegin === null)).toBe(true);
    const media = inbound.map((c) => c.mediaType);
    expect(media.filter((m) => m === 5).length).toBeGreaterThan(media.length / 2);
    expect(new Set(media)).toEqual(new Set([2, 5, 19, 53]));
    expect(new Set(inbound.map((c) => c.callId)).size).toBe(inbound.length);
  });

  it('sorts calls by waitBegin, then callId', () => {
    const calls = allCalls(make(), 2, true);
    for (let i = 1; i < calls.length; i++) {
      const a = calls[i - 1];
      const b = calls[i];
      if (!a || !b) continue;
      const order = Number(a.waitBegin) - Number(b.waitBegin) || (a.callId < b.callId ? -1 : 1);
      expect(order).toBeLessThan(0);
    }
  });

  it('keeps the same calls for a day as the clock moves on, adding newly logged ones', () => {
    const clock = new ManualClock(NOW);
    const dataset = new SeededDataset({ seed: DEFAULT_SEED, clock, timezone: 'UTC' });
    const before = allCalls(dataset, 5, true);
    clock.advance(3_600_000);
    const after = allCalls(dataset, 5, true);
    expect(after.length).toBeGreaterThan(before.length);
    const afterIds = new Set(after.map((c) => c.callId));
    for (const call of before) expect(afterIds.has(call.callId)).toBe(true);
  });

  it('has no calls outside call center 1, VDNs 1-10', () => {
    const dataset = make();
    const { earliest, latest } = dataset.queryWindow();
    expect(dataset.callRecords({ ccId: 2, vdn: 1, inbound: true, from: earliest, to: latest })).toEqual([]);
    expect(dataset.callRecords({ ccId: 1, vdn: 11, inbound: true, from: earliest, to: latest })).toEqual([]);
    expect(allCalls(dataset, 10, false).length).toBeGreaterThan(0);
  });

  it('starts fast: access codes and softphones up front, calls on demand', () => {
    const started = performance.now();
    make(99);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
