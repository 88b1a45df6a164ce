import { describe, expect, it } from 'vitest';
import { expectNoGraphQLErrors, useHarness } from '../../support/harness.js';

// The paging contract over HTTP against the simulator: lists without totals, walks while the list
// grows, the vendor's paging rules, the call-record window's last second, and partial answers.
const harness = useHarness({ resetEach: true });
const DAY = 86_400_000;

interface Connection<T> {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage?: boolean; endCursor: string | null };
  edges: Array<{ node: T }>;
}

const vendorRequests = (endpoint: string) =>
  harness.simulator.control
    .requests()
    .filter((r) => r.endpoint === endpoint)
    .map((r) => r.body as { limit: number | string; offset: number | string });

describe('lists without a vendor total (the older reply shapes)', () => {
  it('never take the page for the list: more rows, pages of the size asked, the true end', async () => {
    harness.simulator.control.addFault({ endpoint: 'queryAccessCodeList', shape: 'legacy' });
    const codes = harness.simulator.dataset.accessCodes.map((code) => code.accessCode);
    const five = expectNoGraphQLErrors(
      await harness.query<{ accessCodes: Connection<{ accessCode: string }> }>(
        '{ accessCodes(first: 5) { pageInfo { hasNextPage endCursor } edges { node { accessCode } } } }',
      ),
    );
    expect(five.accessCodes.edges.map((e) => e.node.accessCode)).toEqual(codes.slice(0, 5));
    expect(five.accessCodes.pageInfo.hasNextPage).toBe(true);

    const many = expectNoGraphQLErrors(
      await harness.query<{ accessCodes: Connection<{ accessCode: string }> }>(
        '{ accessCodes(first: 150) { pageInfo { hasNextPage endCursor } edges { node { accessCode } } } }',
      ),
    );
    expect(many.accessCodes.edges.map((e) => e.node.accessCode)).toEqual(codes.slice(0, 150));

    const audioVideo = harness.simulator.dataset.accessCodes
      .filter((code) => code.mediatypeId === 5)
      .map((code) => code.accessCode);
    const tail = expectNoGraphQLErrors(
      await harness.query<{ accessCodes: Connection<{ accessCode: string }> }>(
        `{ accessCodes(last: 3, filter: { mediaType: AUDIO_VIDEO }) {
            totalCount pageInfo { hasNextPage endCursor } edges { node { accessCode } } } }`,
      ),
    );
    expect(tail.accessCodes.edges.map((e) => e.node.accessCode)).toEqual(audioVideo.slice(-3));
    expect(tail.accessCodes.totalCount).toBe(audioVideo.length);
  });

  it('fail totalCount with a code when the list runs past the offset ceiling, instead of a wrong number', async () => {
    harness.simulator.control.addFault({ endpoint: 'queryAccessCodeList', shape: 'legacy' });
    const response = await harness.query(
      '{ accessCodes(first: 5) { totalCount } softphones(first: 1) { totalCount } }',
    );
    const softphoneCount = harness.simulator.dataset.softphones.length;
    expect(response.body.data).toEqual({ accessCodes: null, softphones: { totalCount: softphoneCount } });
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        path: ['accessCodes', 'totalCount'],
        extensions: expect.objectContaining({ code: 'TOTAL_COUNT_UNAVAILABLE' }),
      }),
    ]);
  });

  it('count call records by reading pages only when totalCount is selected', async () => {
    harness.simulator.control.addFault({ endpoint: 'querycalls', shape: 'legacy' });
    const window = harness.simulator.dataset.queryWindow();
    const query = { ccId: 1, vdn: 1, inbound: true, from: window.startOfToday, to: harness.clock.now() };
    const expected = harness.simulator.dataset.callRecords(query).map((call) => call.callId);
    expect(expected.length).toBeGreaterThan(250);
    const variables = { from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString() };
    const page = `query ($from: DateTime!, $to: DateTime!) {
      callRecords(first: 250, filter: { vdn: 1, direction: INBOUND, from: $from, to: $to }) {
        pageInfo { hasNextPage endCursor } edges { node { callId } } } }`;
    const data = expectNoGraphQLErrors(
      await harness.query<{ callRecords: Connection<{ callId: string }> }>(page, variables),
    );
    expect(data.callRecords.edges.map((e) => e.node.callId)).toEqual(expected.slice(0, 250));
    const pagesForThePage = vendorRequests('querycalls').length;
    expect(pagesForThePage).toBeLessThanOrEqual(4);

    const counted = expectNoGraphQLErrors(
      await harness.query<{ callRecords: { totalCount: number } }>(
        page.replace('pageInfo { hasNextPage endCursor }', 'totalCount'),
        variables,
      ),
    );
    expect(counted.callRecords.totalCount).toBe(expected.length);
  });
});

describe('a walk through today’s call records while calls keep ending', () => {
  it('returns every record that existed when it started exactly once', async () => {
    const window = harness.simulator.dataset.queryWindow();
    const from = window.startOfToday;
    const to = window.startOfTomorrow - 1000;
    const before = harness.simulator.dataset.callRecords({ ccId: 1, vdn: 1, inbound: true, from, to });
    const variables = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 200; page++) {
      const data: { callRecords: Connection<{ callId: string }> } = expectNoGraphQLErrors(
        await harness.query(
          `query ($from: DateTime!, $to: DateTime!, $after: String) {
            callRecords(first: 100, after: $after, filter: { vdn: 1, direction: INBOUND, from: $from, to: $to }) {
              pageInfo { hasNextPage endCursor } edges { node { callId } } } }`,
          { ...variables, after },
        ),
      );
      seen.push(...data.callRecords.edges.map((e) => e.node.callId));
      // One minute per page: calls that began earlier end now and appear in the middle of the list.
      harness.clock.advance(60_000);
      if (!data.callRecords.pageInfo.hasNextPage) break;
      after = data.callRecords.pageInfo.endCursor;
    }
    const grown = harness.simulator.dataset.callRecords({ ccId: 1, vdn: 1, inbound: true, from, to });
    expect(grown.length).toBeGreaterThan(before.length);
    const existing = new Set(before.map((call) => call.callId));
    expect(seen.filter((id) => existing.has(id))).toEqual(before.map((call) => call.callId));
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('vendor paging rules', () => {
  it('sends only aligned pages (offset a multiple of limit) to queryAccessCodeList and querycalls', async () => {
    const first = expectNoGraphQLErrors(
      await harness.query<{ accessCodes: Connection<unknown> }>(
        '{ accessCodes(first: 25) { pageInfo { hasNextPage endCursor } edges { node { accessCode } } } }',
      ),
    );
    await harness.query('query ($after: String) { accessCodes(first: 91, after: $after) { totalCount } }', {
      after: first.accessCodes.pageInfo.endCursor,
    });
    const window = harness.simulator.dataset.queryWindow();
    const variables = {
      from: new Date(window.earliest).toISOString(),
      to: new Date(harness.clock.now()).toISOString(),
    };
    const calls = expectNoGraphQLErrors(
      await harness.query<{ callRecords: Connection<unknown> }>(
        `query ($from: DateTime!, $to: DateTime!) { callRecords(first: 20, filter: { vdn: 1, direction: OUTBOUND, from: $from, to: $to }) {
          pageInfo { hasNextPage endCursor } edges { node { callId } } } }`,
        variables,
      ),
    );
    await harness.query(
      `query ($from: DateTime!, $to: DateTime!, $after: String) { callRecords(first: 20, after: $after, filter: { vdn: 1, direction: OUTBOUND, from: $from, to: $to }) { totalCount } }`,
      { ...variables, after: calls.callRecords.pageInfo.endCursor },
    );
    const requests = [...vendorRequests('queryAccessCodeList'), ...vendorRequests('querycalls')];
    expect(requests.length).toBeGreaterThanOrEqual(4);
    for (const { limit, offset } of requests) expect(Number(offset) % Number(limit)).toBe(0);
  });

  it('keeps every digit of softphone ids above 2^53', async () => {
    const wide = harness.simulator.dataset.softphones.filter((phone) => typeof phone.id === 'bigint');
    expect(wide.length).toBeGreaterThan(0);
    const data = expectNoGraphQLErrors(
      await harness.query<{ softphones: Connection<{ id: string; phoneNumber: string }> }>(
        `{ softphones(last: ${wide.length}) { pageInfo { hasNextPage endCursor } edges { node { id phoneNumber } } } }`,
      ),
    );
    expect(data.softphones.edges.map((e) => e.node)).toEqual(
      wide.map((phone) => ({ id: String(phone.id), phoneNumber: phone.phoneNum })),
    );
  });

  it('answers an exact access-code lookup it cannot complete with an error, not null', async () => {
    // Every code contains a 9: the fuzzy list runs past the ceiling, so "no such code" cannot be known.
    expect(harness.simulator.dataset.accessCodes.every((code) => code.accessCode.includes('9'))).toBe(true);
    const response = await harness.query('{ accessCode(accessCode: "9") { accessCode } }');
    expect(response.body.data).toEqual({ accessCode: null });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'PAGINATION_LIMIT_EXCEEDED' });
    const known = harness.simulator.dataset.accessCodes[7]?.accessCode;
    const found = expectNoGraphQLErrors(
      await harness.query<{ accessCode: { accessCode: string } }>(
        `{ accessCode(accessCode: "${known}") { accessCode } }`,
      ),
    );
    expect(found.accessCode.accessCode).toBe(known);
  });
});

describe('the call-record window', () => {
  it('answers a range inside today’s last second with an empty page, without asking the vendor', async () => {
    const window = harness.simulator.dataset.queryWindow();
    const lastSecond = window.startOfTomorrow - 1000;
    const data = expectNoGraphQLErrors(
      await harness.query<{ callRecords: Connection<unknown> }>(
        `query ($from: DateTime!, $to: DateTime!) { callRecords(filter: { vdn: 1, direction: INBOUND, from: $from, to: $to }) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { callId } } } }`,
        { from: new Date(lastSecond + 500).toISOString(), to: new Date(lastSecond + 900).toISOString() },
      ),
    );
    expect(data.callRecords).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, endCursor: null },
      edges: [],
    });
    expect(vendorRequests('querycalls')).toEqual([]);
    expect(window.startOfTomorrow - window.startOfToday).toBe(DAY);
  });
});

describe('a failing vendor interface', () => {
  it('nulls only its own root field; the rest of the operation resolves', async () => {
    harness.simulator.control.addFault({ endpoint: 'queryPhone', status: 503 });
    const response = await harness.query(
      '{ softphones(first: 1) { totalCount } registrationNodes { mode } accessCodes(first: 1) { totalCount } }',
    );
    expect(response.body.data).toEqual({
      softphones: null,
      registrationNodes: null,
      accessCodes: { totalCount: harness.simulator.dataset.accessCodes.length },
    });
    expect(response.body.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([
      ['softphones', 'UPSTREAM_UNAVAILABLE'],
      ['registrationNodes', 'UPSTREAM_UNAVAILABLE'],
    ]);
  });
});
