import { describe, expect, it } from 'vitest';
import { HARNESS_NOW, TEST_JWT_SECRET, useHarness, withToken } from '../../support/harness.js';

/**
 * A document runs with graphql-js the first time and compiled by graphql-jit from the second
 * (src/server/compiled-execution.ts): every answer below must not tell the two apart.
 */
const harness = useHarness({ env: { AUTH_JWT_SECRET: TEST_JWT_SECRET }, resetEach: true });

interface Answer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; locations?: unknown; path?: unknown }> };
}

async function post(token: string, body: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(harness.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...withToken(token).headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** The same request three times: graphql-js, then compiled, then from the compiled cache. */
async function thrice(token: string, body: Record<string, unknown>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < 3; i++) answers.push(await post(token, body));
  return answers;
}

describe('compiled execution', () => {
  it('answers data and field errors the same, locations and order included', async () => {
    // No cec:softphone:secrets: `password` fails alone, at its place, on every row.
    const token = await harness.clientToken({ scope: 'cec:read' });
    const query = `{
        softphones(first: 2) { totalCount edges { node { phoneNumber password status } } }
        alias: accessCodes(first: 2) { edges { node { accessCode __typename } } }
      }`;
    const [first, ...later] = await thrice(token, { query });
    expect(first?.body.errors).toHaveLength(2);
    expect(first?.body.errors?.[0]).toMatchObject({
      path: ['softphones', 'edges', 0, 'node', 'password'],
      locations: [{ line: 2, column: (query.split('\n')[1]?.indexOf('password') ?? 0) + 1 }],
    });
    expect(Object.keys(first?.body.data as object)).toEqual(['softphones', 'alias']);
    for (const answer of later) {
      expect(answer).toEqual(first);
      expect(JSON.stringify(answer.body)).toBe(JSON.stringify(first?.body));
    }
  });

  it('runs the operation the request names, each of a document compiled on its own', async () => {
    const token = await harness.clientToken({ scope: 'cec:read' });
    const query = `
      query Codes { accessCodes(first: 1) { totalCount } }
      query Phones { softphones(first: 1) { totalCount } }`;
    for (let i = 0; i < 3; i++) {
      for (const operationName of ['Codes', 'Phones']) {
        const answer = await post(token, { query, operationName });
        expect(answer.body.errors).toBeUndefined();
        expect(Object.keys(answer.body.data as object)).toEqual([
          operationName === 'Codes' ? 'accessCodes' : 'softphones',
        ]);
      }
    }
  });

  it("keeps graphql-js's refusal, and a custom scalar's message, for variables that do not coerce", async () => {
    const token = await harness.clientToken({ scope: 'cec:read' });
    const [first, ...later] = await thrice(token, {
      query: `query($from: DateTime!, $to: DateTime!) {
        callRecords(first: 1, filter: { vdn: 1, direction: INBOUND, from: $from, to: $to }) { totalCount }
      }`,
      variables: { from: 'yesterday', to: '2026-11-22T10:00:00Z' },
    });
    expect(first?.status).toBe(400);
    expect(first?.body.errors?.[0]?.message).toBe(
      'Variable "$from" got invalid value "yesterday"; DateTime must be an ISO-8601 string with an offset or Z, e.g. "2026-11-22T08:30:00Z"',
    );
    for (const answer of later) expect(answer).toEqual(first);
  });

  it('keeps a failed item of a list with nullable items at its index (_entities)', async () => {
    const token = await harness.clientToken({ scope: 'cec:read' });
    const accessCode = harness.simulator.dataset.accessCodes[0]?.accessCode;
    const answers = await thrice(token, {
      query: `query($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on AccessCode { accessCode } }
      }`,
      variables: {
        representations: [
          { __typename: 'AccessCode', accessCode },
          { __typename: 'AccessCode', id: '1' },
        ],
      },
    });
    for (const answer of answers) {
      expect(answer.body.data).toEqual({ _entities: [{ accessCode }, null] });
      expect(answer.body.errors?.[0]).toMatchObject({ path: ['_entities', 1] });
    }
  });
});

describe('compiled execution of a value its scalar cannot serialize', () => {
  // A record whose instant no Date can hold: DateTime's serialize throws a RangeError, a bug to mask.
  const corrupt = useHarness({
    datasources: (real) => ({
      ...real,
      callRecords: {
        ...real.callRecords,
        list: async (query) => {
          const page = await real.callRecords.list(query);
          return { ...page, items: page.items.map((item) => ({ ...item, callBegin: 1e20 })) };
        },
      },
    }),
  });

  it('masks and logs the error on every run, as graphql-js does', async () => {
    const day = HARNESS_NOW - (HARNESS_NOW % 86_400_000);
    const body = JSON.stringify({
      query: `query($filter: CallRecordFilter!) { callRecords(filter: $filter, first: 1) { edges { node { callBegin } } } }`,
      variables: {
        filter: {
          vdn: 1,
          direction: 'INBOUND',
          from: new Date(day).toISOString(),
          to: new Date(HARNESS_NOW).toISOString(),
        },
      },
    });
    for (let run = 0; run < 3; run++) {
      const response = await fetch(corrupt.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const answer = (await response.json()) as { errors?: Array<{ message: string; extensions?: unknown }> };
      expect(answer.errors?.[0]).toMatchObject({
        message: 'Unexpected error.',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    }
    const logged = corrupt.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((record) => record.msg === 'unexpected error');
    expect(logged).toHaveLength(3);
  });
});
