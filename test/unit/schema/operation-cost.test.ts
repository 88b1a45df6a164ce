import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../../src/schema/index.js';
import {
  operationCost,
  UPSTREAM_BACKED_FIELDS,
  UPSTREAM_CALL_COST,
} from '../../../src/schema/operation-cost.js';

const costOf = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  operationCost({
    schema,
    document: parse(query),
    operationName,
    variables,
    defaultPageSize: 20,
    maxPageSize: 500,
  });

describe('the operation cost', () => {
  it('names only fields the schema has, each backed by a vendor call', () => {
    const missing = UPSTREAM_BACKED_FIELDS.filter((coordinate) => {
      const [type = '', field = ''] = coordinate.split('.');
      const named = schema.getType(type);
      return !(named && 'getFields' in named && field in named.getFields());
    });
    expect(missing).toEqual([]);
    expect(UPSTREAM_BACKED_FIELDS).toEqual(
      expect.arrayContaining([
        'Query.accessCodes',
        'Query.accessCode',
        'Query.softphones',
        'Query.registrationNodes',
        'Query.calledInfo',
        'AccessCode.routing',
        'Query.callRecords',
        'Mutation.createAnonymousCall',
      ]),
    );
  });

  it('counts 1 per field and UPSTREAM_CALL_COST more per vendor call', () => {
    expect(costOf('{ __typename }')).toEqual({ cost: 1, upstreamCalls: 0 });
    expect(costOf('{ calledInfo(caller: "1", called: "2") { skillId skillName } }')).toEqual({
      cost: 1 + UPSTREAM_CALL_COST + 2,
      upstreamCalls: 1,
    });
  });

  it("multiplies a connection's edges by the page size: first, last, or 20 when neither is given", () => {
    const page = (args: string) =>
      `{ accessCodes${args} { totalCount edges { node { accessCode routing(caller: "1") { skillId } } } } }`;
    // accessCodes + one page, totalCount, edges, then per row: node, accessCode, routing + its call, skillId.
    const perRow = 1 + 1 + (1 + UPSTREAM_CALL_COST) + 1;
    const priced = (rows: number, pages = 1) => ({
      cost: 1 + pages * UPSTREAM_CALL_COST + 1 + 1 + rows * perRow,
      upstreamCalls: pages + rows,
    });
    expect(costOf(page('(first: 10)'))).toEqual(priced(10));
    expect(costOf(page('(last: 7)'))).toEqual(priced(7));
    expect(costOf(page(''))).toEqual(priced(20));
    expect(costOf(page('(first: 10, last: 3)'))).toEqual(priced(3));
    expect(costOf(page('(first: 250)'))).toEqual(priced(250, 3));
    // The connection refuses pages over MAX_PAGE_SIZE itself.
    expect(costOf(page('(first: 100000)'))).toEqual(priced(500, 5));
  });

  it('reads page sizes from the variables', () => {
    const query = 'query($n: Int) { softphones(first: $n) { edges { node { phoneNumber } } } }';
    expect(costOf(query, { n: 5 })).toEqual(
      costOf('{ softphones(first: 5) { edges { node { phoneNumber } } } }'),
    );
    expect(costOf(query, {})).toEqual(costOf('{ softphones { edges { node { phoneNumber } } } }'));
  });

  it('costs fragments and inline fragments like the selections they stand for', () => {
    const inline =
      '{ accessCodes(first: 4) { edges { node { accessCode routing(caller: "1") { skillId } } } } }';
    const spread = `{ accessCodes(first: 4) { ...Page } }
      fragment Page on AccessCodeConnection { edges { ... on AccessCodeEdge { node { ...Code } } } }
      fragment Code on AccessCode { accessCode routing(caller: "1") { skillId } }`;
    expect(costOf(spread)).toEqual(costOf(inline));
  });

  it('grows with every spread, so nested doubling fragments cannot hide their size', () => {
    const levels = 30;
    const fragments = Array.from(
      { length: levels },
      (_, i) =>
        `fragment F${i} on Query { ${i + 1 < levels ? `...F${i + 1} ...F${i + 1}` : 'calledInfo(caller: "1", called: "2") { skillId }'} }`,
    ).join('\n');
    expect(costOf(`{ ...F0 } ${fragments}`).upstreamCalls).toBe(2 ** (levels - 1));
  });

  it('prices the selected operation only, and each createAnonymousCall as a call', () => {
    const document = `query A { __typename }
      mutation B { x: createAnonymousCall(input: { called: "1" }) { __typename } y: createAnonymousCall(input: { called: "2" }) { __typename } }`;
    expect(costOf(document, {}, 'A')).toEqual({ cost: 1, upstreamCalls: 0 });
    expect(costOf(document, {}, 'B').upstreamCalls).toBe(2);
  });

  it('does not multiply lists whose length the client does not choose (introspection)', () => {
    expect(costOf('{ __schema { types { name fields { name } } } }')).toEqual({ cost: 5, upstreamCalls: 0 });
  });
});
