import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sortSdl } from '../../../src/schema/sorted-sdl.js';
import { expectNoGraphQLErrors, useHarness } from '../../support/harness.js';

const harness = useHarness({ resetEach: true });

type Representation = Record<string, unknown> & { __typename: string };

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on AccessCode { accessCode description n400Number }
    ... on Softphone { phoneNumber status remark }
    ... on CalledInfo { caller called deviceType routedNumber skillId skillName }
  }
}`;

async function entities(representations: Representation[]) {
  return harness.query<{ _entities: Array<Record<string, unknown> | null> }>(ENTITIES, { representations });
}

/** Vendor calls since the last reset, without the token requests, keyed by endpoint. */
function vendorCalls(): Record<string, number> {
  const { tokenByAkSk: _token, ...calls } = harness.simulator.control.counts();
  return Object.fromEntries(Object.entries(calls).filter(([, count]) => count > 0));
}

const accessCode = (accessCode: string): Representation => ({ __typename: 'AccessCode', accessCode });

function expectedAccessCode(row: number) {
  const item = harness.simulator.dataset.accessCodes[row];
  if (!item) throw new Error(`no access code at row ${row}`);
  return {
    __typename: 'AccessCode',
    accessCode: item.accessCode,
    description: item.description,
    n400Number: item.n400Number,
  };
}

describe('federation subgraph', () => {
  it('serves its SDL with @link and @key, and schema.graphql is that SDL sorted', async () => {
    const data = expectNoGraphQLErrors(
      await harness.query<{ _service: { sdl: string } }>('{ _service { sdl } }'),
    );
    const { sdl } = data._service;
    expect(sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    expect(sdl).toMatch(/type AccessCode\s+@key\(fields: "accessCode"\)/);
    expect(sdl).toMatch(/type Softphone\s+@key\(fields: "phoneNumber"\)/);
    expect(sdl).toMatch(/type CalledInfo\s+@key\(fields: "caller called"\)/);
    expect(sdl).toMatch(/type PageInfo\s+@shareable/);
    expect(sdl).not.toContain('_entities');
    expect(sortSdl(sdl)).toBe(readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8'));
  });

  it('resolves 100 access codes of the first 200 rows with two queryAccessCodeList calls', async () => {
    // Every other row of the two reachable vendor pages, shuffled (37 is coprime with 100).
    const rows = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) * 2);
    expect(new Set(rows).size).toBe(100);
    const codes = rows.map((row) => expectedAccessCode(row).accessCode);

    const data = expectNoGraphQLErrors(await entities(codes.map(accessCode)));
    expect(data._entities).toEqual(rows.map(expectedAccessCode));
    expect(vendorCalls()).toEqual({ queryAccessCodeList: 2 });
  });

  it('resolves unknown and prefix-only codes to null; codes past the reachable rows one call each', async () => {
    const beyond = expectedAccessCode(230); // past row 200: only the exact-code filter reaches it
    const prefixOf100 = '99113'; // fuzzy-matches 9911300–9911399, equals none
    const prefixOf10 = '991130';
    const representations = [
      accessCode(expectedAccessCode(0).accessCode),
      accessCode('5550000'),
      accessCode(expectedAccessCode(150).accessCode),
      accessCode(prefixOf100),
      accessCode(beyond.accessCode),
      accessCode(prefixOf10),
      accessCode(expectedAccessCode(0).accessCode),
      accessCode(''),
    ];
    const data = expectNoGraphQLErrors(await entities(representations));
    expect(data._entities).toEqual([
      expectedAccessCode(0),
      null,
      expectedAccessCode(150),
      null,
      beyond,
      null,
      expectedAccessCode(0),
      null,
    ]);
    // Two list pages, then one exact lookup for each of the four codes not among their rows ('' needs none).
    expect(vendorCalls()).toEqual({ queryAccessCodeList: 6 });
  });

  it('looks up one or two codes exactly, at one call each', async () => {
    const data = expectNoGraphQLErrors(
      await entities([accessCode(expectedAccessCode(42).accessCode), accessCode('99113')]),
    );
    expect(data._entities).toEqual([expectedAccessCode(42), null]);
    expect(vendorCalls()).toEqual({ queryAccessCodeList: 2 });
  });

  it('resolves softphones from the list pages, read once per operation', async () => {
    const phones = harness.simulator.dataset.softphones;
    expect(phones).toHaveLength(320);
    const expected = (row: number) => {
      const phone = phones[row];
      if (!phone) throw new Error(`no softphone at row ${row}`);
      return {
        __typename: 'Softphone',
        phoneNumber: phone.phoneNum,
        status: phone.status === 0 ? 'REGISTERED' : 'SUSPENDED',
        remark: phone.remark,
      };
    };
    const softphone = (row: number): Representation => ({
      __typename: 'Softphone',
      phoneNumber: expected(row).phoneNumber,
    });

    // All on the first page: one queryPhone call.
    const first = expectNoGraphQLErrors(await entities([softphone(5), softphone(99), softphone(5)]));
    expect(first._entities).toEqual([expected(5), expected(99), expected(5)]);
    expect(vendorCalls()).toEqual({ queryPhone: 1 });

    // Spread over the list, plus an unknown number: the first page, then the other three at once.
    harness.simulator.control.reset();
    const spread = expectNoGraphQLErrors(
      await entities([
        softphone(319),
        { __typename: 'Softphone', phoneNumber: '5550000' },
        softphone(0),
        softphone(150),
      ]),
    );
    expect(spread._entities).toEqual([expected(319), null, expected(0), expected(150)]);
    expect(vendorCalls()).toEqual({ queryPhone: 4 });
  });

  it('resolves called info with one getCalledInfo per distinct pair', async () => {
    const codes = harness.simulator.dataset.accessCodes.slice(0, 2).map((c) => c.accessCode);
    const [a = '', b = ''] = codes;
    const calledInfo = (caller: string, called: string): Representation => ({
      __typename: 'CalledInfo',
      caller,
      called,
    });
    const expected = (caller: string, called: string) => {
      const route = harness.simulator.dataset.routeFor(called);
      if (!route) throw new Error(`no route for ${called}`);
      return {
        __typename: 'CalledInfo',
        caller,
        called,
        deviceType: route.devType === 0 ? 'SKILL_QUEUE' : 'NUMBER',
        routedNumber: route.called,
        skillId: route.skillId,
        skillName: route.skillName,
      };
    };
    const data = expectNoGraphQLErrors(
      await entities([
        calledInfo('13800000000', a),
        calledInfo('13800000000', b),
        calledInfo('13800000000', a),
        calledInfo('13900000000', a),
        calledInfo('13800000000', '5550000'),
        calledInfo('not-a-number', a),
      ]),
    );
    expect(data._entities).toEqual([
      expected('13800000000', a),
      expected('13800000000', b),
      expected('13800000000', a),
      expected('13900000000', a),
      null,
      null,
    ]);
    // Four distinct valid pairs; the malformed caller never reaches the vendor.
    expect(vendorCalls()).toEqual({ getCalledInfo: 4 });
  });

  it('resolves a mixed batch concurrently, each type through its own loaders', async () => {
    const code = expectedAccessCode(7);
    const phone = harness.simulator.dataset.softphones[3]?.phoneNum ?? '';
    const data = expectNoGraphQLErrors(
      await entities([
        accessCode(code.accessCode),
        { __typename: 'Softphone', phoneNumber: phone },
        { __typename: 'CalledInfo', caller: '13800000000', called: code.accessCode },
      ]),
    );
    expect(data._entities.map((entity) => entity?.__typename)).toEqual([
      'AccessCode',
      'Softphone',
      'CalledInfo',
    ]);
    expect(vendorCalls()).toEqual({ queryAccessCodeList: 1, queryPhone: 1, getCalledInfo: 1 });
  });

  it('answers a representation without its key with a coded error at that entity only', async () => {
    const code = expectedAccessCode(1);
    const response = await entities([accessCode(code.accessCode), { __typename: 'AccessCode', id: '1' }]);
    expect(response.body.data?._entities).toEqual([code, null]);
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        path: ['_entities', 1],
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
  });

  it('keeps serving plain GraphQL clients', async () => {
    const data = expectNoGraphQLErrors(
      await harness.query<{ accessCode: { accessCode: string } | null }>(
        `{ accessCode(accessCode: "${expectedAccessCode(3).accessCode}") { accessCode } }`,
      ),
    );
    expect(data.accessCode).toEqual({ accessCode: expectedAccessCode(3).accessCode });
  });
});
