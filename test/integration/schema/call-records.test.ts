import { describe, expect, it } from 'vitest';
import { expectNoGraphQLErrors, HARNESS_NOW, useHarness } from '../../support/harness.js';

const harness = useHarness({ resetEach: true, rewindEach: true });

const DAY = 86_400_000;
const todayStart = HARNESS_NOW - (HARNESS_NOW % DAY);
const yesterdayStart = todayStart - DAY;
const iso = (ms: number) => new Date(ms).toISOString();

interface CallRecordPage {
  callRecords: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ node: Record<string, unknown> & { callId: string } }>;
  };
}

const PAGE = `query Page($filter: CallRecordFilter!, $first: Int, $after: String) {
  callRecords(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      callId direction callerNumber calleeNumber vdn answered waitSeconds talkSeconds
      callType { code name } mediaType { code name } subMediaType { code } leaveReason { code description }
      loggedAt waitBegin ackBegin callBegin callEnd
    } }
  }
}`;

describe('callRecords', () => {
  it('walks all inbound calls of a VDN since yesterday and matches the data set', async () => {
    const filter = { vdn: 1, direction: 'INBOUND', from: iso(yesterdayStart), to: iso(HARNESS_NOW) };
    const expected = harness.simulator.dataset.callRecords({
      ccId: 1,
      vdn: 1,
      inbound: true,
      from: yesterdayStart,
      to: HARNESS_NOW,
    });
    expect(expected.length).toBeGreaterThan(1000);

    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (let i = 0; i < 100; i++) {
      pages++;
      const data: CallRecordPage = expectNoGraphQLErrors(
        await harness.query<CallRecordPage>(PAGE, { filter, first: 500, after }),
      );
      expect(data.callRecords.totalCount).toBe(expected.length);
      ids.push(...data.callRecords.edges.map((e) => e.node.callId));
      if (!data.callRecords.pageInfo.hasNextPage) break;
      after = data.callRecords.pageInfo.endCursor;
    }
    expect(ids).toEqual(expected.map((c) => c.callId));
    // A 500-row page is five concurrent vendor calls (limit 100), never more.
    expect(harness.simulator.control.counts().querycalls).toBe(pages * 5);
  });

  it('walks a period forwards and backwards with small pages', async () => {
    const from = yesterdayStart + 10 * 3_600_000;
    const to = yesterdayStart + 13 * 3_600_000;
    const filter = { vdn: 4, direction: 'OUTBOUND', from: iso(from), to: iso(to) };
    const expected = harness.simulator.dataset
      .callRecords({ ccId: 1, vdn: 4, inbound: false, from, to })
      .map((c) => c.callId);
    expect(expected.length).toBeGreaterThan(100);
    const SMALL = `query Small($filter: CallRecordFilter!, $first: Int, $after: String, $last: Int, $before: String) {
      callRecords(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { node { callId } }
      }
    }`;
    type Small = {
      callRecords: {
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
        edges: Array<{ node: { callId: string } }>;
      };
    };
    const forward: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 200; i++) {
      const data: Small = expectNoGraphQLErrors(
        await harness.query<Small>(SMALL, { filter, first: 37, after }),
      );
      forward.push(...data.callRecords.edges.map((e) => e.node.callId));
      if (!data.callRecords.pageInfo.hasNextPage) break;
      after = data.callRecords.pageInfo.endCursor;
    }
    expect(forward).toEqual(expected);
    const backward: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 200; i++) {
      const data: Small = expectNoGraphQLErrors(
        await harness.query<Small>(SMALL, { filter, last: 37, before }),
      );
      backward.unshift(...data.callRecords.edges.map((e) => e.node.callId));
      if (!data.callRecords.pageInfo.hasPreviousPage) break;
      before = data.callRecords.pageInfo.startCursor;
    }
    expect(backward).toEqual(expected);
  });

  it('maps a record to instants, codes and derived durations', async () => {
    const [sample] = harness.simulator.dataset.callRecords({
      ccId: 1,
      vdn: 2,
      inbound: false,
      from: todayStart,
      to: HARNESS_NOW,
    });
    if (!sample) throw new Error('no outbound calls today');
    const data = expectNoGraphQLErrors(
      await harness.query<CallRecordPage>(PAGE, {
        filter: { vdn: 2, direction: 'OUTBOUND', from: iso(todayStart), to: iso(HARNESS_NOW) },
        first: 1,
      }),
    );
    const node = data.callRecords.edges[0]?.node;
    const ms = (value: string | null) => (value === null ? null : Number(value));
    const answered = sample.ackBegin !== null;
    expect(node).toMatchObject({
      callId: sample.callId,
      direction: 'OUTBOUND',
      callerNumber: sample.callerNo,
      calleeNumber: sample.calleeNo,
      vdn: 2,
      answered,
      callType: { code: Number(sample.callType) },
      mediaType: { code: sample.mediaType },
      leaveReason: { code: Number(sample.leaveReason) },
      waitBegin: iso(Number(sample.waitBegin)),
      callEnd: iso(Number(sample.callEnd)),
      loggedAt: iso(Number(sample.logDate)),
    });
    const ackBegin = ms(sample.ackBegin);
    expect(node?.ackBegin).toBe(ackBegin === null ? null : iso(ackBegin));
    expect(node?.talkSeconds).toBe(ackBegin === null ? null : (Number(sample.callEnd) - ackBegin) / 1000);
  });

  it('filters by caller number', async () => {
    const [sample] = harness.simulator.dataset.callRecords({
      ccId: 1,
      vdn: 3,
      inbound: true,
      from: todayStart,
      to: HARNESS_NOW,
    });
    if (!sample) throw new Error('no calls');
    const expected = harness.simulator.dataset.callRecords({
      ccId: 1,
      vdn: 3,
      inbound: true,
      from: todayStart,
      to: HARNESS_NOW,
      callerNo: sample.callerNo,
    });
    const data = expectNoGraphQLErrors(
      await harness.query<CallRecordPage>(PAGE, {
        filter: {
          vdn: 3,
          direction: 'INBOUND',
          from: iso(todayStart),
          to: iso(HARNESS_NOW),
          callerNumber: sample.callerNo,
        },
        first: 100,
      }),
    );
    expect(data.callRecords.edges.map((e) => e.node.callId)).toEqual(expected.map((c) => c.callId));
  });

  it('rejects periods outside the vendor window, naming the window, without calling it', async () => {
    const tooEarly = await harness.query(PAGE, {
      filter: { vdn: 1, direction: 'INBOUND', from: iso(yesterdayStart - 1), to: iso(HARNESS_NOW) },
    });
    expect(tooEarly.status).toBe(200);
    expect(tooEarly.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooEarly.body.errors?.[0]?.message).toContain(iso(yesterdayStart));
    const tooLate = await harness.query(PAGE, {
      filter: { vdn: 1, direction: 'INBOUND', from: iso(todayStart), to: iso(todayStart + DAY) },
    });
    expect(tooLate.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const reversed = await harness.query(PAGE, {
      filter: { vdn: 1, direction: 'INBOUND', from: iso(HARNESS_NOW), to: iso(todayStart) },
    });
    expect(reversed.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badVdn = await harness.query(PAGE, {
      filter: { vdn: 5001, direction: 'INBOUND', from: iso(todayStart), to: iso(HARNESS_NOW) },
    });
    expect(badVdn.body.errors?.[0]?.message).toMatch(/vdn/);
    const noOffset = await harness.query(PAGE, {
      filter: { vdn: 1, direction: 'INBOUND', from: '2026-11-22T00:00:00', to: iso(HARNESS_NOW) },
    });
    expect(noOffset.body.errors?.[0]?.message).toMatch(/offset or Z/);
    expect(harness.simulator.control.counts().querycalls).toBe(0);
  });

  it('keeps the rest of an operation when one upstream endpoint fails (partial data)', async () => {
    harness.simulator.control.addFault({ endpoint: 'getCalledInfo', status: 503 });
    try {
      const res = await harness.query<{
        calledInfo: unknown;
        accessCodes: { edges: Array<{ node: { accessCode: string; routing: unknown } }> };
        callRecords: { totalCount: number };
      }>(
        `query($from: DateTime!, $to: DateTime!) {
          calledInfo(caller: "13800000000", called: "9911411") { skillId }
          accessCodes(first: 2) { edges { node { accessCode routing(caller: "13800000000") { skillId } } } }
          callRecords(filter: { vdn: 1, direction: INBOUND, from: $from, to: $to }, first: 5) { totalCount }
        }`,
        { from: iso(todayStart), to: iso(HARNESS_NOW) },
      );
      expect(res.status).toBe(200);
      expect(res.body.data?.calledInfo).toBeNull();
      expect(res.body.data?.callRecords.totalCount).toBeGreaterThan(0);
      expect(res.body.data?.accessCodes.edges.map((e) => e.node.routing)).toEqual([null, null]);
      expect(res.body.errors).toHaveLength(3);
      expect(res.body.errors?.[0]).toMatchObject({
        extensions: { code: 'UPSTREAM_UNAVAILABLE', endpoint: 'getCalledInfo' },
      });
      expect(res.body.errors?.map((e) => e.path?.[0]).sort()).toEqual([
        'accessCodes',
        'accessCodes',
        'calledInfo',
      ]);
    } finally {
      harness.simulator.control.clearFaults();
    }
  });
});

describe('callRecords at the end of the window', () => {
  it('accepts `to` in the last second of today, which the vendor caps at 23:59:59', async () => {
    const endOfToday = todayStart + DAY - 1;
    const data = expectNoGraphQLErrors(
      await harness.query<CallRecordPage>(PAGE, {
        filter: { vdn: 1, direction: 'INBOUND', from: iso(todayStart), to: iso(endOfToday) },
        first: 1,
      }),
    );
    const expected = harness.simulator.dataset.callRecords({
      ccId: 1,
      vdn: 1,
      inbound: true,
      from: todayStart,
      to: endOfToday,
    });
    expect(data.callRecords.totalCount).toBe(expected.length);
  });
});
