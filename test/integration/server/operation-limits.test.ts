import { Readable } from 'node:stream';
import { getIntrospectionQuery } from 'graphql';
import { Agent, type Dispatcher, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { expectNoGraphQLErrors, HARNESS_NOW, type Harness, useHarness } from '../../support/harness.js';

// The abuse limits of issue 9, each against the document measured there, over real HTTP.

const many = (n: number, selection: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => selection(i)).join(' ');

/** The measured documents, built as the attacker did. */
const ABUSE = {
  /** 2 000 copies of one field (66 KB): 13 s of validation. */
  copies: `{ ${many(2_000, () => 'accessCodes(first: 1) { totalCount }')} }`,
  /** 600 copies (20 KB): under the default body limit, over the token limit. */
  fewerCopies: `{ ${many(600, () => 'accessCodes(first: 1) { totalCount }')} }`,
  /** 100 000 × `__typename` (1.1 MB): 81 s. */
  typenames: `{ ${many(100_000, () => '__typename')} }`,
  /** 5 000 aliased calledInfo: 5 000 vendor calls. */
  aliasedCalledInfo: `{ ${many(5_000, (i) => `c${i}: calledInfo(caller: "1380000${i}", called: "9911411") { skillName }`)} }`,
  /** Ten aliases of a 200-row page with routing (under 1 KB): 2 000 getCalledInfo calls. */
  pagesWithRouting: `{ ${many(10, (i) => `a${i}: accessCodes(first: 200) { edges { node { accessCode routing(caller: "13800000000") { skillName } } } }`)} }`,
  /** 100 aliased createAnonymousCall: 100 calls placed in 67 ms. */
  aliasedCalls: `mutation { ${many(100, (i) => `c${i}: createAnonymousCall(input: { called: "8888${4400 + i}" }) { __typename }`)} }`,
  /** Introspection nested 2 000 levels: overflowed the stack. */
  deepIntrospection: `{ __schema { types { fields { type ${'{ ofType '.repeat(2_000)}{ name }${' }'.repeat(2_000)} } } } }`,
};

interface Answer {
  status: number;
  text: string;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function post(
  harness: Harness,
  body: string | Readable,
  headers: Record<string, string> = {},
  dispatcher?: Dispatcher,
): Promise<Answer> {
  const res = await request(harness.url, {
    ...(dispatcher ? { dispatcher } : {}),
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...headers,
    },
    body,
  });
  const text = await res.body.text();
  return { status: res.statusCode, text, body: JSON.parse(text) as Answer['body'] };
}

const send = (harness: Harness, query: string, variables?: Record<string, unknown>, headers = {}) =>
  post(harness, JSON.stringify({ query, variables }), headers);

/** A request the limits refused: its status, no `data`, the codes in order. */
function refusal(answer: Answer) {
  const snippet = answer.text.slice(0, 2_000);
  expect(answer.body, snippet).not.toHaveProperty('data');
  expect(answer.body.errors?.length, snippet).toBeGreaterThan(0);
  return {
    status: answer.status,
    codes: (answer.body.errors ?? []).map((error) => error.extensions?.code),
  };
}

function expectNoUpstreamCalls(harness: Harness) {
  const counts = harness.simulator.control.counts();
  expect(counts).toEqual(Object.fromEntries(Object.keys(counts).map((endpoint) => [endpoint, 0])));
}

describe('with the default limits', () => {
  const harness = useHarness({ resetEach: true });

  it.each([
    ['2 000 copies of accessCodes(first: 1) (66 KB)', ABUSE.copies, 413, ['REQUEST_ENTITY_TOO_LARGE']],
    ['600 copies of accessCodes(first: 1) (20 KB)', ABUSE.fewerCopies, 400, ['MAX_TOKENS_EXCEEDED']],
    ['100 000 × __typename (1.1 MB)', ABUSE.typenames, 413, ['REQUEST_ENTITY_TOO_LARGE']],
    ['5 000 aliased calledInfo', ABUSE.aliasedCalledInfo, 413, ['REQUEST_ENTITY_TOO_LARGE']],
    [
      'ten aliases of accessCodes(first: 200) with routing',
      ABUSE.pagesWithRouting,
      400,
      ['MAX_COST_EXCEEDED'],
    ],
    [
      '100 aliased createAnonymousCall',
      ABUSE.aliasedCalls,
      400,
      ['MAX_ALIASES_EXCEEDED', 'MAX_CALLS_PER_OPERATION_EXCEEDED'],
    ],
    ['introspection nested 2 000 levels', ABUSE.deepIntrospection, 400, ['MAX_DEPTH_EXCEEDED']],
  ])('refuse %s before any upstream call', async (_, query, status, codes) => {
    expect(refusal(await send(harness, query))).toEqual({ status, codes });
    expectNoUpstreamCalls(harness);
  });

  it('name the limit and its setting in each message', async () => {
    const messages = [];
    for (const query of Object.values(ABUSE)) {
      messages.push(...((await send(harness, query)).body.errors ?? []).map((error) => error.message));
    }
    expect(messages).toEqual([
      'The request body is larger than 65536 bytes (MAX_REQUEST_BYTES).',
      'The document has more than 2000 tokens (MAX_TOKENS).',
      'The request body is larger than 65536 bytes (MAX_REQUEST_BYTES).',
      'The request body is larger than 65536 bytes (MAX_REQUEST_BYTES).',
      expect.stringMatching(
        /^The operation would cost \d+ \(about \d+ upstream calls\); at most 20000 is allowed \(MAX_COST\)\.$/,
      ),
      'The operation has 100 aliases; at most 20 are allowed (MAX_ALIASES).',
      'The operation selects createAnonymousCall 100 times; at most 5 are allowed per operation (MAX_CALLS_PER_OPERATION).',
      'The document nests more than 30 levels deep; fields may nest at most 15 deep (MAX_DEPTH).',
    ]);
    expectNoUpstreamCalls(harness);
  });

  it('log a refusal with the request id, also while parsing (the deep introspection)', async () => {
    const answer = await send(harness, ABUSE.deepIntrospection, undefined, { 'x-request-id': 'deep-1' });
    expect(refusal(answer).codes).toEqual(['MAX_DEPTH_EXCEEDED']);
    const logged = harness.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.requestId === 'deep-1');
    expect(logged).toContainEqual(
      expect.objectContaining({ msg: 'operation refused by a limit', code: 'MAX_DEPTH_EXCEEDED' }),
    );
    expect(harness.logLines.join('\n')).not.toContain('Maximum call stack');
  });

  it('let normal operations through: GraphiQL introspection and a page with routing', async () => {
    const introspection = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true });
    const schema = expectNoGraphQLErrors(await harness.query(introspection), 'introspection');
    expect(schema).toHaveProperty('__schema.queryType.name', 'Query');

    const page = `{ accessCodes(first: 20) { totalCount edges { node { accessCode
      routing(caller: "13800000000") { deviceType skillName } } } } }`;
    const data = expectNoGraphQLErrors(
      await harness.query<{ accessCodes: { edges: unknown[] } }>(page),
      page,
    );
    expect(data.accessCodes.edges).toHaveLength(20);
    expect(harness.simulator.control.counts()).toMatchObject({ queryAccessCodeList: 1, getCalledInfo: 20 });
  });

  it('price a page by the variables it is asked with', async () => {
    const query = `query($rows: Int) { accessCodes(first: $rows) { edges { node {
      routing(caller: "13800000000") { skillName } } } } }`;
    expectNoGraphQLErrors(await harness.query(query, { rows: 3 }), query);
    expect(refusal(await send(harness, query, { rows: 200 }))).toEqual({
      status: 400,
      codes: ['MAX_COST_EXCEEDED'],
    });
    expect(harness.simulator.control.counts()).toMatchObject({ queryAccessCodeList: 1, getCalledInfo: 3 });
  });

  it('place up to MAX_CALLS_PER_OPERATION calls in one operation, and refuse one more', async () => {
    const calls = (n: number) =>
      `mutation { ${many(n, (i) => `c${i}: createAnonymousCall(input: { called: "8888${4400 + i}" }) { __typename }`)} }`;
    expectNoGraphQLErrors(await harness.query(calls(5)), calls(5));
    expect(harness.simulator.control.counts().createcall).toBe(5);
    expect(refusal(await send(harness, calls(6)))).toEqual({
      status: 400,
      codes: ['MAX_CALLS_PER_OPERATION_EXCEEDED'],
    });
    expect(harness.simulator.control.counts().createcall).toBe(5);
  });

  it('count fragment spreads: a fragment with one call spread six times is six calls', async () => {
    const query = `mutation { ...Call ${many(5, (i) => `... on Mutation { c${i}: createAnonymousCall(input: { called: "888844${i}" }) { __typename } }`)} }
      fragment Call on Mutation { createAnonymousCall(input: { called: "88884432" }) { __typename } }`;
    expect(refusal(await send(harness, query)).codes).toEqual(['MAX_CALLS_PER_OPERATION_EXCEEDED']);
    expectNoUpstreamCalls(harness);
  });

  it('refuse a body over MAX_REQUEST_BYTES sent without Content-Length (chunked)', async () => {
    const chunks = [
      '{"query": "{ __typename }", "padding": "',
      'x'.repeat(700_000),
      'y'.repeat(700_000),
      '"}',
    ];
    // Its own connection: the server answers before reading the rest, which leaves that one unusable.
    const agent = new Agent();
    const answer = await post(harness, Readable.from(chunks), {}, agent).finally(() => agent.destroy());
    expect(refusal(answer)).toEqual({ status: 413, codes: ['REQUEST_ENTITY_TOO_LARGE'] });
    expect(answer.body.errors?.[0]?.message).toBe(
      'The request body is larger than 65536 bytes (MAX_REQUEST_BYTES).',
    );
  });

  it('keep batching off: an array of operations is refused', async () => {
    const answer = await post(
      harness,
      JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    );
    expect(refusal(answer)).toEqual({ status: 400, codes: ['BAD_REQUEST'] });
  });

  it('answer plain application/json clients like every request error (200, no data)', async () => {
    const answer = await send(harness, ABUSE.pagesWithRouting, undefined, { accept: 'application/json' });
    expect(refusal(answer)).toEqual({ status: 200, codes: ['MAX_COST_EXCEEDED'] });
    expectNoUpstreamCalls(harness);
  });
});

describe('with the body and token limits lifted, each measured document meets its own limit', () => {
  const harness = useHarness({
    resetEach: true,
    env: { MAX_REQUEST_BYTES: String(64 * 1024 * 1024), MAX_TOKENS: '1000000' },
  });

  it.each([
    ['2 000 copies of accessCodes(first: 1)', ABUSE.copies, ['MAX_REPEATED_FIELDS_EXCEEDED']],
    ['100 000 × __typename', ABUSE.typenames, ['MAX_REPEATED_FIELDS_EXCEEDED']],
    ['5 000 aliased calledInfo', ABUSE.aliasedCalledInfo, ['MAX_ALIASES_EXCEEDED']],
    ['introspection nested 2 000 levels', ABUSE.deepIntrospection, ['MAX_DEPTH_EXCEEDED']],
  ])('%s', async (_, query, codes) => {
    expect(refusal(await send(harness, query))).toEqual({ status: 400, codes });
    expectNoUpstreamCalls(harness);
  });

  it('name the repeated field', async () => {
    const [error] = (await send(harness, ABUSE.copies)).body.errors ?? [];
    expect(error?.message).toBe(
      '"accessCodes" is selected 2000 times in one selection set; at most 10 are allowed (MAX_REPEATED_FIELDS).',
    );
  });

  it('follow fragments for depth: nesting spread over fragments is still too deep', async () => {
    const levels = 20;
    const fragments = many(
      levels,
      (i) => `fragment F${i} on __Type { ofType { ${i + 1 < levels ? `...F${i + 1}` : 'name'} } }`,
    );
    const query = `{ __schema { types { ...F0 } } } ${fragments}`;
    const answer = await send(harness, query);
    expect(refusal(answer)).toEqual({ status: 400, codes: ['MAX_DEPTH_EXCEEDED'] });
    expect(answer.body.errors?.[0]?.message).toBe(
      'The operation nests fields 23 deep; fields may nest at most 15 deep (MAX_DEPTH).',
    );
  });

  it('count directives', async () => {
    const query = `{ ${many(21, (i) => `a${i % 2}: __typename @include(if: true)`)} }`;
    const answer = await send(harness, query);
    expect(refusal(answer).codes).toContain('MAX_DIRECTIVES_EXCEEDED');
    expect(answer.body.errors?.map((error) => error.message)).toContain(
      'The operation has 21 directives; at most 20 are allowed (MAX_DIRECTIVES).',
    );
  });
});

describe('the upstream call budget (MAX_UPSTREAM_CALLS_PER_OPERATION=5)', () => {
  const harness = useHarness({ resetEach: true, env: { MAX_UPSTREAM_CALLS_PER_OPERATION: '5' } });

  it('stops the calls past the budget: the simulator sees at most 5, the rest carry the code', async () => {
    const query = `{ ${many(8, (i) => `c${i}: calledInfo(caller: "1380000000${i}", called: "9911411") { skillName }`)} }`;
    const answer = await send(harness, query);
    expect(answer.status).toBe(200);
    expect(harness.simulator.control.counts().getCalledInfo).toBe(5);
    const errors = answer.body.errors ?? [];
    expect(errors).toHaveLength(3);
    for (const error of errors) {
      expect(error.extensions).toEqual({ code: 'UPSTREAM_CALL_BUDGET_EXCEEDED', endpoint: 'getCalledInfo' });
      expect(error.message).toBe(
        'getCalledInfo: not called: the operation has made its 5 upstream calls (MAX_UPSTREAM_CALLS_PER_OPERATION).',
      );
    }
    const data = answer.body.data as Record<string, unknown>;
    expect(Object.values(data).filter((value) => value !== null)).toHaveLength(5);
  });

  it('counts the pages and the routing of one operation together', async () => {
    const query = `{ accessCodes(first: 10) { edges { node { routing(caller: "13800000000") { skillName } } } } }`;
    const answer = await send(harness, query);
    const counts = harness.simulator.control.counts();
    expect(counts.queryAccessCodeList + counts.getCalledInfo).toBe(5);
    expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(
      Array(6).fill('UPSTREAM_CALL_BUDGET_EXCEEDED'),
    );
  });

  it('gives every operation its own budget', async () => {
    for (let round = 0; round < 3; round++) {
      const query = `{ ${many(5, (i) => `c${i}: calledInfo(caller: "139000${round}000${i}", called: "9911411") { skillName }`)} }`;
      expectNoGraphQLErrors(await harness.query(query), query);
    }
    expect(harness.simulator.control.counts().getCalledInfo).toBe(15);
  });
});

describe('the operation timeout (OPERATION_TIMEOUT_MS=200)', () => {
  const harness = useHarness({ resetEach: true, env: { OPERATION_TIMEOUT_MS: '200' } });

  it('aborts a slow read and answers with OPERATION_TIMEOUT', async () => {
    harness.simulator.control.addFault({ endpoint: 'getCalledInfo', latencyMs: 3_000 });
    const answer = await send(
      harness,
      '{ calledInfo(caller: "13800000000", called: "9911411") { skillName } }',
      undefined,
      { 'x-request-id': 'slow-read' },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: { calledInfo: null },
      errors: [
        {
          message: 'getCalledInfo: aborted: the operation ran longer than 200 ms (OPERATION_TIMEOUT_MS).',
          path: ['calledInfo'],
          extensions: { code: 'OPERATION_TIMEOUT', endpoint: 'getCalledInfo' },
        },
      ],
    });
    const logged = harness.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: 'upstream call failed',
        endpoint: 'getCalledInfo',
        code: 'OPERATION_TIMEOUT',
      }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: 'operation stopped by a limit',
        requestId: 'slow-read',
        code: 'OPERATION_TIMEOUT',
      }),
    );
  });

  it('keeps an aborted createcall UPSTREAM_OUTCOME_UNKNOWN: it may have been placed', async () => {
    harness.simulator.control.addFault({ endpoint: 'createcall', latencyMs: 3_000, times: 1 });
    const answer = await send(
      harness,
      'mutation { createAnonymousCall(input: { called: "88884432" }) { __typename } }',
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: null,
      errors: [
        {
          message:
            'createcall: aborted after sending: the operation ran longer than 200 ms (OPERATION_TIMEOUT_MS); the call may have been placed',
          path: ['createAnonymousCall'],
          extensions: { code: 'UPSTREAM_OUTCOME_UNKNOWN', endpoint: 'createcall' },
        },
      ],
    });
    expect(harness.simulator.control.counts().createcall).toBe(1);
  });

  it('leaves a fast operation alone', async () => {
    const query = '{ calledInfo(caller: "13800000000", called: "9911411") { skillName } }';
    expectNoGraphQLErrors(await harness.query(query), query);
  });
});

describe('waits shared with other callers end at the operation deadline (OPERATION_TIMEOUT_MS=200)', () => {
  const harness = useHarness({ resetEach: true, env: { OPERATION_TIMEOUT_MS: '200' } });
  const day = HARNESS_NOW - (HARNESS_NOW % 86_400_000);
  const callRecords = `{ callRecords(first: 1, filter: { vdn: 1, direction: INBOUND, from: "${new Date(day).toISOString()}", to: "${new Date(HARNESS_NOW).toISOString()}" }) { totalCount } }`;
  const answered = async (endpoint: 'tokenByAkSk' | 'querycalls') =>
    (await harness.simulator.control.requests()).filter((entry) => entry.endpoint === endpoint).length;

  it('stops waiting for a token fetch that outlives the operation', async () => {
    // The cached token is refused, and the fresh one takes a second to come.
    harness.simulator.control.revokeTokens();
    harness.simulator.control.addFault({ endpoint: 'tokenByAkSk', latencyMs: 1_000, times: 1 });
    const answer = await send(
      harness,
      '{ calledInfo(caller: "13800000000", called: "9911411") { skillName } }',
    );
    expect(answer.body).toEqual({
      data: { calledInfo: null },
      errors: [
        {
          message: 'getCalledInfo: not called: the operation ran longer than 200 ms (OPERATION_TIMEOUT_MS).',
          path: ['calledInfo'],
          extensions: { code: 'OPERATION_TIMEOUT', endpoint: 'getCalledInfo' },
        },
      ],
    });
    // Answered while the token call was still on its way: the operation did not wait for it.
    expect(harness.simulator.control.counts().tokenByAkSk).toBe(1);
    expect(await answered('tokenByAkSk')).toBe(0);
  });

  it('stops waiting behind a CC-CMS probe that outlives the operation, sending nothing', async () => {
    harness.simulator.control.addFault({ endpoint: 'querycalls', latencyMs: 1_000, times: 1 });
    // /ready's probe proves the signature first: CC-CMS calls of operations wait for its outcome.
    const ready = harness.readiness.report();
    await expect.poll(() => harness.simulator.control.counts().querycalls).toBe(1);
    const answer = await send(harness, callRecords);
    expect(answer.body).toEqual({
      data: { callRecords: null },
      errors: [
        {
          message: 'querycalls: not called: the operation ran longer than 200 ms (OPERATION_TIMEOUT_MS).',
          path: ['callRecords'],
          extensions: { code: 'OPERATION_TIMEOUT', endpoint: 'querycalls' },
        },
      ],
    });
    expect(harness.simulator.control.counts().querycalls).toBe(1);
    expect(await answered('querycalls')).toBe(0);
    await ready;
  });
});
