import { describe, expect, it } from 'vitest';
import {
  buildCallIndex,
  type CallFilter,
  type CallIndex,
  type CallRun,
  collectRuns,
  countRuns,
  firstAfter,
  firstAtOrAfter,
  runsJson,
  sliceRuns,
} from '../../../src/simulator/dataset/call-index.js';
import type { CallRecordEntry } from '../../../src/simulator/dataset/call-records.js';
import { createRandom } from '../../../src/simulator/random.js';

interface CallSpec {
  id: string;
  waitBegin: number;
  logDate: number;
  callerNo?: string;
  calleeNo?: string;
}

/** Entries sorted by (waitBegin, callId), as generateDayOfCalls returns them. */
function day(specs: readonly CallSpec[]): CallIndex {
  const entries = specs
    .map(
      (spec): CallRecordEntry => ({
        inbound: true,
        waitBegin: spec.waitBegin,
        logDate: spec.logDate,
        item: {
          logDate: String(spec.logDate),
          callerNo: spec.callerNo ?? '1380000',
          calleeNo: spec.calleeNo ?? '9911300',
          callId: spec.id,
          callType: '0',
          waitBegin: String(spec.waitBegin),
          ackBegin: null,
          callBegin: null,
          callEnd: String(spec.logDate - 1),
          vdn: 1,
          leaveReason: '89',
          mediaType: 5,
          subMediaType: null,
        },
      }),
    )
    .sort((a, b) => a.waitBegin - b.waitBegin || (a.item.callId < b.item.callId ? -1 : 1));
  return buildCallIndex(entries);
}

function select(indexes: readonly CallIndex[], filter: CallFilter): CallRun[] {
  const runs: CallRun[] = [];
  for (const index of indexes) collectRuns(index, filter, runs);
  return runs;
}

const ids = (runs: readonly CallRun[]) =>
  runs.flatMap((run) => run.index.entries.slice(run.start, run.end).map((entry) => entry.item.callId));

/** The page exactly as querycalls sends it, parsed back. */
const pageItems = (runs: readonly CallRun[]) =>
  JSON.parse(`[${Buffer.concat(runsJson(runs)).toString()}]`) as { callId: string }[];

const NOW = 1_000_000;
// Equal waitBegins (b1, b2, b3) and one call not logged yet at NOW (d).
const SAMPLE = day([
  { id: 'a', waitBegin: 100, logDate: 200 },
  { id: 'b2', waitBegin: 300, logDate: 400 },
  { id: 'b1', waitBegin: 300, logDate: 500 },
  { id: 'b3', waitBegin: 300, logDate: 450 },
  { id: 'c', waitBegin: 700, logDate: 900 },
  { id: 'd', waitBegin: 999_000, logDate: NOW + 1 },
  { id: 'e', waitBegin: 999_500, logDate: NOW },
]);

describe('firstAtOrAfter / firstAfter', () => {
  const instants = Float64Array.from([10, 20, 20, 20, 30]);

  it('bisect around equal instants', () => {
    expect([5, 10, 11, 20, 30, 31].map((t) => firstAtOrAfter(instants, t))).toEqual([0, 0, 1, 1, 4, 5]);
    expect([5, 10, 11, 20, 30, 31].map((t) => firstAfter(instants, t))).toEqual([0, 1, 1, 4, 5, 5]);
  });

  it('answer 0 on an empty day', () => {
    expect(firstAtOrAfter(new Float64Array(0), 42)).toBe(0);
    expect(firstAfter(new Float64Array(0), 42)).toBe(0);
  });
});

describe('collectRuns', () => {
  it('finds nothing in an empty day', () => {
    const runs = select([day([])], { from: 0, to: NOW, now: NOW });
    expect(runs).toEqual([]);
    expect(countRuns(runs)).toBe(0);
    expect(runsJson(sliceRuns(runs, 0, 100))).toEqual([]);
  });

  it('keeps a call whose waitBegin is exactly from or to, and orders equal waitBegins by callId', () => {
    expect(ids(select([SAMPLE], { from: 300, to: 300, now: NOW }))).toEqual(['b1', 'b2', 'b3']);
    expect(ids(select([SAMPLE], { from: 100, to: 700, now: NOW }))).toEqual(['a', 'b1', 'b2', 'b3', 'c']);
    expect(ids(select([SAMPLE], { from: 101, to: 699, now: NOW }))).toEqual(['b1', 'b2', 'b3']);
    expect(ids(select([SAMPLE], { from: 301, to: 699, now: NOW }))).toEqual([]);
  });

  it('shows a call once its logDate has passed, whatever its waitBegin', () => {
    expect(ids(select([SAMPLE], { from: 0, to: NOW, now: NOW }))).toEqual(['a', 'b1', 'b2', 'b3', 'c', 'e']);
    expect(ids(select([SAMPLE], { from: 0, to: NOW, now: NOW + 1 }))).toContain('d');
    expect(ids(select([SAMPLE], { from: 0, to: NOW, now: 449 }))).toEqual(['a', 'b2']);
    expect(ids(select([SAMPLE], { from: 0, to: NOW, now: 450 }))).toEqual(['a', 'b2', 'b3']);
  });

  it('filters by exact callerNo and calleeNo only when given', () => {
    const index = day([
      { id: 'x', waitBegin: 1, logDate: 2, callerNo: '111', calleeNo: '900' },
      { id: 'y', waitBegin: 2, logDate: 3, callerNo: '222', calleeNo: '900' },
      { id: 'z', waitBegin: 3, logDate: 4, callerNo: '111', calleeNo: '901' },
    ]);
    const all = { from: 0, to: 10, now: 10 };
    expect(ids(select([index], { ...all, callerNo: '', calleeNo: '' }))).toEqual(['x', 'y', 'z']);
    expect(ids(select([index], { ...all, callerNo: '111' }))).toEqual(['x', 'z']);
    expect(ids(select([index], { ...all, callerNo: '11' }))).toEqual([]);
    expect(ids(select([index], { ...all, calleeNo: '900' }))).toEqual(['x', 'y']);
    expect(ids(select([index], { ...all, callerNo: '111', calleeNo: '900' }))).toEqual(['x']);
  });

  it('pages across runs and days, and gives an empty page past the end', () => {
    const yesterday = day([
      { id: 'p', waitBegin: 1, logDate: 2 },
      { id: 'q', waitBegin: 2, logDate: 3 },
    ]);
    const runs = select([yesterday, SAMPLE], { from: 0, to: NOW, now: NOW });
    expect(countRuns(runs)).toBe(8);
    expect(ids(sliceRuns(runs, 1, 3))).toEqual(['q', 'a', 'b1']);
    expect(pageItems(sliceRuns(runs, 1, 3)).map((item) => item.callId)).toEqual(['q', 'a', 'b1']);
    expect(ids(sliceRuns(runs, 6, 100))).toEqual(['c', 'e']);
    expect(ids(sliceRuns(runs, 8, 100))).toEqual([]);
    expect(ids(sliceRuns(runs, 0, 0))).toEqual([]);
  });

  it('selects, counts and pages exactly like a plain filter over the sorted calls', () => {
    const random = createRandom(7);
    const numbers = ['1001', '1002', '1003'];
    const specs = Array.from({ length: 300 }, (_, i): CallSpec => {
      const waitBegin = random.int(0, 2000);
      return {
        id: `c${String(i).padStart(3, '0')}`,
        waitBegin,
        logDate: waitBegin + random.int(1, 400),
        callerNo: random.pick(numbers),
        calleeNo: random.pick(numbers),
      };
    });
    const index = day(specs);
    for (let round = 0; round < 500; round++) {
      const a = random.int(-10, 2500);
      const b = random.int(-10, 2500);
      const filter: CallFilter = {
        from: Math.min(a, b),
        to: Math.max(a, b),
        now: random.int(0, 2600),
        callerNo: random.chance(0.3) ? random.pick(numbers) : '',
        calleeNo: random.chance(0.2) ? random.pick(numbers) : undefined,
      };
      const expected = index.entries.filter(
        (entry) =>
          entry.waitBegin >= filter.from &&
          entry.waitBegin <= filter.to &&
          entry.logDate <= filter.now &&
          (!filter.callerNo || entry.item.callerNo === filter.callerNo) &&
          (!filter.calleeNo || entry.item.calleeNo === filter.calleeNo),
      );
      const runs = select([index], filter);
      expect(countRuns(runs)).toBe(expected.length);
      const offset = random.int(0, 60);
      const limit = random.int(0, 40);
      const page = sliceRuns(runs, offset, limit);
      const wanted = expected.slice(offset, offset + limit).map((entry) => entry.item);
      expect(page.flatMap((run) => run.index.entries.slice(run.start, run.end).map((e) => e.item))).toEqual(
        wanted,
      );
      expect(pageItems(page)).toEqual(wanted);
    }
  });
});
