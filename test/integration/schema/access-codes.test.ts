import { describe, expect, it } from 'vitest';
import { expectNoGraphQLErrors, useHarness } from '../../support/harness.js';

const harness = useHarness({ resetEach: true });

interface AccessCodePage {
  accessCodes: {
    totalCount: number;
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
    edges: Array<{ cursor: string; node: { id: string; accessCode: string; mediaType: { code: number } } }>;
  };
}

const PAGE = `query Page($first: Int, $after: String, $last: Int, $before: String, $filter: AccessCodeFilter) {
  accessCodes(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id accessCode mediaType { code } } }
  }
}`;

describe('accessCodes', () => {
  it('walks a filtered list forwards and backwards and matches the data set', async () => {
    const filter = { mediaType: 'CLICK_TO_DIAL' };
    const expected = harness.simulator.dataset.accessCodes
      .filter((c) => c.mediatypeId === 2)
      .map((c) => c.accessCode);
    expect(expected.length).toBeGreaterThan(10);

    const forward: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const data: AccessCodePage = expectNoGraphQLErrors(
        await harness.query<AccessCodePage>(PAGE, { first: 7, after, filter }),
      );
      expect(data.accessCodes.totalCount).toBe(expected.length);
      forward.push(...data.accessCodes.edges.map((e) => e.node.accessCode));
      if (!data.accessCodes.pageInfo.hasNextPage) break;
      after = data.accessCodes.pageInfo.endCursor;
    }
    expect(forward).toEqual(expected);

    const backward: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 50; i++) {
      const data: AccessCodePage = expectNoGraphQLErrors(
        await harness.query<AccessCodePage>(PAGE, { last: 7, before, filter }),
      );
      backward.unshift(...data.accessCodes.edges.map((e) => e.node.accessCode));
      if (!data.accessCodes.pageInfo.hasPreviousPage) break;
      before = data.accessCodes.pageInfo.startCursor;
    }
    expect(backward).toEqual(expected);
  });

  it('applies fuzzy text filters', async () => {
    const data = expectNoGraphQLErrors(
      await harness.query<AccessCodePage>(PAGE, { first: 100, filter: { accessCode: '99114' } }),
    );
    const expected = harness.simulator.dataset.accessCodes.filter((c) => c.accessCode.includes('99114'));
    expect(data.accessCodes.edges.map((e) => e.node.accessCode)).toEqual(expected.map((c) => c.accessCode));
    expect(data.accessCodes.totalCount).toBe(expected.length);
  });

  it('combines a fuzzy, case-insensitive description filter with the media type', async () => {
    const data = expectNoGraphQLErrors(
      await harness.query<AccessCodePage>(PAGE, {
        first: 100,
        filter: { description: 'HOTLINE', mediaType: 'AUDIO_VIDEO' },
      }),
    );
    const expected = harness.simulator.dataset.accessCodes.filter(
      (c) => c.mediatypeId === 5 && (c.description ?? '').toLowerCase().includes('hotline'),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(data.accessCodes.edges.map((e) => e.node.accessCode)).toEqual(expected.map((c) => c.accessCode));
    expect(data.accessCodes.totalCount).toBe(expected.length);
  });

  it('says to narrow the filter past the vendor offset ceiling, without a wrong page', async () => {
    const total = harness.simulator.dataset.accessCodes.length;
    expect(total).toBeGreaterThan(200);
    const res = await harness.query<AccessCodePage>(PAGE, { last: 10 });
    expect(res.status).toBe(200);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('PAGINATION_LIMIT_EXCEEDED');
    expect(res.body.errors?.[0]?.message).toMatch(/Narrow the filter/);
  });

  it('walks up to the vendor ceiling, then says to narrow the filter', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let last: AccessCodePage | null = null;
    for (let i = 0; i < 20; i++) {
      const res: Awaited<ReturnType<typeof harness.query<AccessCodePage>>> =
        await harness.query<AccessCodePage>(PAGE, {
          first: 30,
          after,
        });
      if (res.body.errors) {
        expect(res.body.errors[0]?.extensions?.code).toBe('PAGINATION_LIMIT_EXCEEDED');
        break;
      }
      last = res.body.data as AccessCodePage;
      seen.push(...last.accessCodes.edges.map((e) => e.node.accessCode));
      after = last.accessCodes.pageInfo.endCursor;
    }
    expect(seen).toEqual(harness.simulator.dataset.accessCodes.slice(0, 200).map((c) => c.accessCode));
    expect(last?.accessCodes.pageInfo.hasNextPage).toBe(true);
  });

  it('rejects a cursor from another connection or another filter', async () => {
    const first = expectNoGraphQLErrors(await harness.query<AccessCodePage>(PAGE, { first: 2 }));
    const cursor = first.accessCodes.pageInfo.endCursor;
    const otherFilter = await harness.query(PAGE, {
      first: 2,
      after: cursor,
      filter: { mediaType: 'MULTIMEDIA' },
    });
    expect(otherFilter.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const otherConnection = await harness.query(
      `query($after: String) { softphones(first: 1, after: $after) { totalCount } }`,
      {
        after: cursor,
      },
    );
    expect(otherConnection.body.errors?.[0]?.message).toMatch(/after: is not a cursor of this connection/);
  });

  it('reads up to row 200 and fetches a large page as concurrent vendor pages', async () => {
    const data = expectNoGraphQLErrors(await harness.query<AccessCodePage>(PAGE, { first: 200 }));
    expect(data.accessCodes.edges.map((e) => e.node.accessCode)).toEqual(
      harness.simulator.dataset.accessCodes.slice(0, 200).map((c) => c.accessCode),
    );
    expect(data.accessCodes.pageInfo.hasNextPage).toBe(true);
    expect(harness.simulator.control.counts().queryAccessCodeList).toBe(2);
  });

  it('finds one access code by exact match, null when absent, and its routing', async () => {
    const sample = harness.simulator.dataset.accessCodes[17];
    if (!sample) throw new Error('data set too small');
    const route = harness.simulator.dataset.routeFor(sample.accessCode);
    const query = `query One($code: String!) {
      accessCode(accessCode: $code) { id accessCode description routing(caller: "13800000000") { called routedNumber deviceType skillId skillName } }
      missing: accessCode(accessCode: "12345") { id }
      ambiguous: accessCode(accessCode: "991131") { id }
    }`;
    const data = expectNoGraphQLErrors(
      await harness.query<{
        accessCode: {
          id: string;
          accessCode: string;
          description: string | null;
          routing: Record<string, unknown> | null;
        };
        missing: null;
        ambiguous: null;
      }>(query, { code: sample.accessCode }),
    );
    expect(data.accessCode).toMatchObject({
      id: sample.id,
      accessCode: sample.accessCode,
      description: sample.description,
    });
    expect(data.accessCode.routing).toEqual({
      called: sample.accessCode,
      routedNumber: route?.called,
      deviceType: route?.devType === 0 ? 'SKILL_QUEUE' : 'NUMBER',
      skillId: route?.skillId ?? null,
      skillName: route?.skillName ?? null,
    });
    expect(data.missing).toBeNull();
    // "991131" matches ten codes fuzzily, none exactly.
    expect(
      harness.simulator.dataset.accessCodes.filter((c) => c.accessCode.includes('991131')).length,
    ).toBeGreaterThan(1);
    expect(data.ambiguous).toBeNull();
  });

  it('rejects bad filters before calling the vendor', async () => {
    const res = await harness.query(PAGE, { first: 5, filter: { accessCode: '9'.repeat(33) } });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toMatch(/accessCode/);
    const tooMany = await harness.query(PAGE, { first: 501 });
    expect(tooMany.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(harness.simulator.control.counts().queryAccessCodeList).toBe(0);
  });
});
