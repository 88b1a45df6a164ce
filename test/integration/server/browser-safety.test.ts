import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { type Harness, useHarness } from '../../support/harness.js';

// What a page on another origin can make a browser send, over real HTTP (issue 9, browser safety).

const APP = 'https://app.example.com';
const ADMIN = 'https://admin.example.com';
const EVIL = 'https://evil.example.net';

/** What a browser's Accept looks like on a form submission. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const CREATE_CALL = 'mutation { createAnonymousCall(input: { called: "88884432" }) { __typename } }';
const ACCESS_CODES = '{ accessCodes(first: 1) { totalCount } }';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

async function send(
  harness: Harness,
  options: {
    method?: 'GET' | 'POST' | 'OPTIONS';
    headers?: Record<string, string>;
    body?: string;
    search?: string;
  },
): Promise<Answer> {
  const url = new URL(harness.url);
  if (options.search !== undefined) url.searchParams.set('query', options.search);
  const res = await request(url, {
    method: options.method ?? 'POST',
    headers: options.headers ?? {},
    body: options.body,
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

const postJson = (harness: Harness, query: string, headers: Record<string, string> = {}) =>
  send(harness, {
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });

const preflight = (harness: Harness, origin: string, headers = 'authorization, content-type') =>
  send(harness, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
  });

/** Every CORS response header, so a test can assert there is none at all. */
const corsHeaders = (answer: Answer) =>
  Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'));

const totalUpstreamCalls = (harness: Harness) =>
  Object.values(harness.simulator.control.counts()).reduce((sum, count) => sum + count, 0);

describe('CORS with CORS_ORIGINS listed', () => {
  const harness = useHarness({ env: { CORS_ORIGINS: `${APP}, ${ADMIN}/` } });

  it.each([
    APP,
    ADMIN,
  ])('answers a listed origin (%s) with its own origin and without credentials', async (origin) => {
    const answer = await postJson(harness, '{ __typename }', { origin });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(origin);
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    expect(answer.headers.vary).toContain('Origin');
  });

  it('answers the preflight of a listed origin with the methods and headers a client needs', async () => {
    const answer = await preflight(harness, APP);
    expect(answer.status).toBe(204);
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'Authorization, Content-Type, Accept, X-Request-Id',
      'access-control-max-age': '600',
    });
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('gives an unlisted origin no CORS header at all, so its page cannot read the answer', async () => {
    const answer = await postJson(harness, '{ __typename }', { origin: EVIL });
    expect(corsHeaders(answer)).toEqual([]);
    expect(answer.headers.vary).toContain('Origin');
  });

  it.each([
    EVIL,
    'null',
    `${APP}.evil.example.net`,
    'http://app.example.com',
  ])('refuses the preflight of %s with 403 and no CORS header', async (origin) => {
    const answer = await preflight(harness, origin);
    expect(answer.status).toBe(403);
    expect(corsHeaders(answer)).toEqual([]);
  });
});

describe('CORS without CORS_ORIGINS (the default)', () => {
  const harness = useHarness();

  it('allows no origin: no CORS header on an answer, 403 on a preflight', async () => {
    expect(harness.config.security.corsOrigins).toEqual([]);
    const answer = await postJson(harness, '{ __typename }', { origin: APP });
    expect(answer.status).toBe(200);
    expect(corsHeaders(answer)).toEqual([]);
    const refused = await preflight(harness, APP);
    expect(refused.status).toBe(403);
    expect(corsHeaders(refused)).toEqual([]);
  });

  it('still answers same-origin and non-browser clients (no Origin header)', async () => {
    const answer = await postJson(harness, '{ __typename }');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('CSRF prevention', () => {
  const harness = useHarness({ resetEach: true });

  // Each body a plain HTML form or a no-preflight fetch() can send, carrying the operation.
  const BOUNDARY = '----formboundary7MA4YWxkTrZu0gW';
  const multipart = (query: string) =>
    [
      `--${BOUNDARY}`,
      'Content-Disposition: form-data; name="operations"',
      '',
      JSON.stringify({ query }),
      `--${BOUNDARY}`,
      'Content-Disposition: form-data; name="query"',
      '',
      query,
      `--${BOUNDARY}--`,
      '',
    ].join('\r\n');
  const SIMPLE_BODIES: Array<[string, string | undefined, (query: string) => string]> = [
    [
      'a form (urlencoded)',
      'application/x-www-form-urlencoded',
      (q) => new URLSearchParams({ query: q }).toString(),
    ],
    ['a form (multipart)', `multipart/form-data; boundary=${BOUNDARY}`, multipart],
    ['a form (text/plain)', 'text/plain', (q) => JSON.stringify({ query: q })],
    ['fetch with a string body', 'text/plain;charset=UTF-8', (q) => JSON.stringify({ query: q })],
    ['fetch with a Blob body (no Content-Type)', undefined, (q) => JSON.stringify({ query: q })],
  ];

  describe.each(SIMPLE_BODIES)('%s', (_, contentType, bodyOf) => {
    it.each([
      ['a mutation', CREATE_CALL],
      ['a query', ACCESS_CODES],
    ])('never runs %s: 415 UNSUPPORTED_MEDIA_TYPE and no upstream call', async (_kind, query) => {
      const answer = await send(harness, {
        headers: {
          origin: EVIL,
          accept: BROWSER_ACCEPT,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
        body: bodyOf(query),
      });
      expect(answer.status).toBe(415);
      expect(answer.headers['accept-post']).toBe('application/json');
      expect(corsHeaders(answer)).toEqual([]);
      expect(JSON.parse(answer.text)).toEqual({
        errors: [
          {
            message: 'POST requests must send the operation as JSON, with Content-Type: application/json.',
            extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' },
          },
        ],
      });
      expect(totalUpstreamCalls(harness)).toBe(0);
    });
  });

  it('refuses other non-JSON bodies too (application/graphql): one request encoding', async () => {
    const answer = await send(harness, {
      headers: { 'content-type': 'application/graphql' },
      body: ACCESS_CODES,
    });
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(totalUpstreamCalls(harness)).toBe(0);
  });

  it.each([
    ['application/json', 'application/graphql-response+json'],
    ['application/json', 'application/json'],
    ['application/json; charset=utf-8', 'application/graphql-response+json'],
    ['application/graphql+json', '*/*'],
  ])('runs a mutation POSTed as %s (Accept: %s)', async (contentType, accept) => {
    const answer = await send(harness, {
      headers: { 'content-type': contentType, accept },
      body: JSON.stringify({ query: CREATE_CALL }),
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      data: { createAnonymousCall: { __typename: 'AnonymousCall' } },
    });
    expect(harness.simulator.control.counts().createcall).toBe(1);
  });

  it.each([
    ['an <img>', 'image/avif,image/webp,*/*'],
    ['a script', '*/*'],
    ['a client', 'application/graphql-response+json'],
  ])('never runs a mutation sent by GET (%s): 405 and no upstream call', async (_, accept) => {
    const answer = await send(harness, {
      method: 'GET',
      headers: { origin: EVIL, accept },
      search: CREATE_CALL,
    });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(totalUpstreamCalls(harness)).toBe(0);
  });

  it('answers a link to a mutation (a page navigation) with GraphiQL, without running it', async () => {
    const answer = await send(harness, {
      method: 'GET',
      headers: { accept: BROWSER_ACCEPT },
      search: CREATE_CALL,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('text/html');
    expect(totalUpstreamCalls(harness)).toBe(0);
  });

  it('runs a GET query without any special header (curl, GraphiQL)', async () => {
    const answer = await send(harness, {
      method: 'GET',
      headers: { accept: 'application/graphql-response+json' },
      search: ACCESS_CODES,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ data: { accessCodes: { totalCount: expect.any(Number) } } });
  });
});
