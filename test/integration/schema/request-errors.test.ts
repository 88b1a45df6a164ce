import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../support/harness.js';

// Bodies of up to 25 MB (yoga's own default) here: these tests are about the answers, not the size limit.
const harness = useHarness({ env: { MAX_REQUEST_BYTES: '25000000' } });

interface ErrorBody {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: ErrorBody;
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

async function send(options: {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  search?: Record<string, string>;
  body?: string;
}): Promise<Answer> {
  const url = new URL(harness.url);
  for (const [key, value] of Object.entries(options.search ?? {})) url.searchParams.set(key, value);
  const res = await request(url, {
    method: options.method ?? 'POST',
    headers: options.body === undefined ? { accept: JSON_HEADERS.accept } : JSON_HEADERS,
    body: options.body,
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, body: JSON.parse(text) as ErrorBody };
}

const post = (query: string, variables?: Record<string, unknown>) =>
  send({ body: JSON.stringify({ query, variables }) });

/** The one error of a request error: coded, without data, and without a stack, cause or secret. */
function requestError(answer: Answer) {
  expect(answer.body, answer.text.slice(0, 2_000)).not.toHaveProperty('data');
  expect(answer.body.errors).toHaveLength(1);
  const [error] = answer.body.errors ?? [];
  expect(typeof error?.extensions?.code, answer.text.slice(0, 2_000)).toBe('string');
  expect(answer.text).not.toMatch(/"stack"|"originalError"|\bat .*\.(?:js|ts):\d+/);
  const { credentials } = harness.simulator;
  for (const secret of [credentials.appSecret, credentials.cmsSecretKey, ...harness.secrets()])
    expect(answer.text.includes(secret), 'a secret in the answer').toBe(false);
  return { message: error?.message, code: error?.extensions?.code };
}

describe('request errors carry a stable extensions.code', () => {
  it('a variable of the wrong type is BAD_USER_INPUT', async () => {
    const answer = await post('query($n: Int) { accessCodes(first: $n) { totalCount } }', { n: 'x' });
    expect(answer.status).toBe(400);
    expect(requestError(answer)).toEqual({
      message: 'Variable "$n" got invalid value "x"; Int cannot represent non-integer value: "x"',
      code: 'BAD_USER_INPUT',
    });
  });

  it('a missing required variable is BAD_USER_INPUT', async () => {
    const answer = await post('query($n: Int!) { accessCodes(first: $n) { totalCount } }');
    expect(answer.status).toBe(400);
    expect(requestError(answer)).toEqual({
      message: 'Variable "$n" of required type "Int!" was not provided.',
      code: 'BAD_USER_INPUT',
    });
  });

  it('a custom scalar variable that does not parse is BAD_USER_INPUT', async () => {
    const answer = await post(
      'query($from: DateTime!, $to: DateTime!) { callRecords(first: 1, filter: { vdn: 1, direction: INBOUND, from: $from, to: $to }) { totalCount } }',
      { from: 'yesterday', to: '2026-11-22T10:00:00Z' },
    );
    expect(answer.status).toBe(400);
    expect(requestError(answer).code).toBe('BAD_USER_INPUT');
  });

  it('a multi-megabyte invalid variable is answered briefly, without quoting it', async () => {
    const huge = `secret-${'y'.repeat(4_000_000)}`;
    const answer = await post('query($n: Int) { accessCodes(first: $n) { totalCount } }', { n: huge });
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(2_048);
    expect(answer.text).not.toContain('yyyyyyyyyy');
    expect(requestError(answer)).toEqual({
      message: 'Variable "$n" got an invalid value (too long to quote).',
      code: 'BAD_USER_INPUT',
    });
  });

  it('a subscription is OPERATION_NOT_SUPPORTED: the schema has no subscription type', async () => {
    const answer = await post('subscription { x }');
    expect(answer.status).toBe(400);
    expect(requestError(answer)).toEqual({
      message: 'This API does not support subscription operations.',
      code: 'OPERATION_NOT_SUPPORTED',
    });
  });

  it('a syntax error is GRAPHQL_PARSE_FAILED', async () => {
    const answer = await post('{ accessCodes(first: ) }');
    expect(answer.status).toBe(400);
    expect(requestError(answer)).toEqual({
      message: 'Syntax Error: Unexpected ")".',
      code: 'GRAPHQL_PARSE_FAILED',
    });
  });

  it('an unknown field is GRAPHQL_VALIDATION_FAILED', async () => {
    const answer = await post('{ nope }');
    expect(answer.status).toBe(400);
    expect(requestError(answer)).toEqual({
      message: 'Cannot query field "nope" on type "Query".',
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
  });

  it('several operations without an operationName are OPERATION_RESOLUTION_FAILURE', async () => {
    const answer = await post('query A { __typename } query B { __typename }');
    expect(answer.status).toBe(400);
    expect(requestError(answer).code).toBe('OPERATION_RESOLUTION_FAILURE');
  });

  it('a mutation over GET is refused with 405 BAD_REQUEST, and POST is named as allowed', async () => {
    const answer = await send({
      method: 'GET',
      search: { query: 'mutation { createAnonymousCall(input: { called: "88884432" }) { __typename } }' },
    });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
    expect(requestError(answer)).toEqual({
      message: 'Can only perform a mutation operation from a POST request.',
      code: 'BAD_REQUEST',
    });
  });

  it.each(['PUT', 'DELETE', 'PATCH'] as const)('%s is refused with 405 BAD_REQUEST', async (method) => {
    const answer = await send({ method, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, POST');
    expect(requestError(answer)).toEqual({
      message: 'GraphQL only supports GET and POST requests.',
      code: 'BAD_REQUEST',
    });
  });

  it('a body without a query is BAD_REQUEST', async () => {
    const answer = await send({ body: '{}' });
    expect(answer.status).toBe(400);
    expect(requestError(answer)).toEqual({ message: 'Must provide query string.', code: 'BAD_REQUEST' });
  });
});

describe('a malformed JSON body', () => {
  it('is answered with a short BAD_REQUEST that does not quote the body', async () => {
    const answer = await send({ body: '{"query": "{ __typename }", "variables": {"password": "hunter2"' });
    expect(answer.status).toBe(400);
    expect(requestError(answer)).toEqual({ message: 'POST body sent invalid JSON.', code: 'BAD_REQUEST' });
    expect(answer.text).not.toContain('hunter2');
    expect(answer.text).not.toContain('__typename');
  });

  it.each([
    ['an unterminated string', (filler: string) => `{"query": "${filler}`],
    ['a bare token', (filler: string) => filler],
    ['trailing garbage after a valid query', (filler: string) => `{"query": "{ __typename }", ${filler}`],
  ])('of 24 MB (%s) gets an answer of a few hundred bytes', async (_, bodyOf) => {
    const body = bodyOf('x'.repeat(24_000_000));
    const answer = await send({ body });
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(2_048);
    expect(answer.text).not.toContain('xxxxxxxxxx');
    expect(requestError(answer)).toEqual({ message: 'POST body sent invalid JSON.', code: 'BAD_REQUEST' });
  });

  it('over the body size limit is REQUEST_ENTITY_TOO_LARGE', async () => {
    const answer = await send({ body: `{"query": "${'x'.repeat(25_000_000)}` });
    expect(answer.status).toBe(413);
    expect(requestError(answer)).toEqual({
      message: 'The request body is larger than 25000000 bytes (MAX_REQUEST_BYTES).',
      code: 'REQUEST_ENTITY_TOO_LARGE',
    });
  });
});
