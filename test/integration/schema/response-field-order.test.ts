import { Kind, parse, type SelectionSetNode } from 'graphql';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../support/harness.js';

const harness = useHarness();

/**
 * Fields whose resolvers finish in a different order than they are asked: upstream-backed fields
 * (and a DataLoader-backed `routing`) before synchronous ones, `__typename` last, under aliases.
 */
const QUERY = `{
  phones: softphones(first: 2) {
    edges { node { phoneNumber status __typename } cursor }
    totalCount
    registrationNodes { registrationIp mode }
    __typename
  }
  codes: accessCodes(first: 2) {
    edges { node { routing(caller: "13800000000") { skillName deviceType } accessCode __typename } }
    pageInfo { endCursor hasNextPage }
    totalCount
  }
  route: calledInfo(caller: "13800000000", called: "9911411") { skillId called __typename }
  __typename
}`;

interface KeyOrder {
  path: string;
  keys: string[];
}

/** The keys of one response object as answered, and as the query asked for them. */
type KeyOrderPair = [answered: KeyOrder, asked: KeyOrder];

/** Walks the response along the query (fields only, no fragments) and records both key orders per object. */
function keyOrders(selectionSet: SelectionSetNode, value: unknown, path: string): KeyOrderPair[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => keyOrders(selectionSet, item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  const fields = selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD ? [selection] : [],
  );
  const record = value as Record<string, unknown>;
  const here: KeyOrderPair = [
    { path, keys: Object.keys(record) },
    { path, keys: fields.map((field) => field.alias?.value ?? field.name.value) },
  ];
  return [
    here,
    ...fields.flatMap((field) => {
      const key = field.alias?.value ?? field.name.value;
      return field.selectionSet ? keyOrders(field.selectionSet, record[key], `${path}.${key}`) : [];
    }),
  ];
}

describe('response field order', () => {
  it('follows the query at every level, whatever order the fields resolve in', async () => {
    const res = await request(harness.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: QUERY }),
    });
    // JSON.parse keeps the order in which the server wrote the keys.
    const body = JSON.parse(await res.body.text()) as { data?: unknown; errors?: unknown };
    expect(body.errors, JSON.stringify(body)).toBeUndefined();
    expect(Object.keys(body)).toEqual(['data']);

    const document = parse(QUERY);
    const operation = document.definitions[0];
    if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('expected one operation');
    const pairs = keyOrders(operation.selectionSet, body.data, 'data');
    const answered = pairs.map(([actual]) => actual);
    const asked = pairs.map(([, expected]) => expected);
    expect(answered).toEqual(asked);
    // Non-vacuous: root, both connections, their edges, nodes, routing, pageInfo, the SIP servers, calledInfo.
    expect(pairs.length).toBeGreaterThanOrEqual(16);
  });
});
