import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { expectNoGraphQLErrors, type Harness, useHarness } from '../../support/harness.js';

// GRAPHQL_INTROSPECTION and GRAPHIQL over real HTTP (issue 9, exposure).

const SCHEMA = '{ __schema { queryType { name } } }';
const TYPE = '{ __type(name: "Softphone") { fields { name } } }';
const TYPO_FIELD = '{ softphones(first: 1) { edges { node { passwrd } } } }';

/** Operations whose validation or coercion error names a close match when suggestions are on. */
const TYPOS: Array<[string, string, Record<string, unknown> | undefined, string, string]> = [
  [
    'an unknown field',
    TYPO_FIELD,
    undefined,
    'Cannot query field "passwrd" on type "Softphone".',
    ' Did you mean "password"?',
  ],
  [
    'an unknown argument',
    '{ accessCodes(frist: 1) { totalCount } }',
    undefined,
    'Unknown argument "frist" on field "Query.accessCodes".',
    ' Did you mean "first" or "last"?',
  ],
  [
    'an unknown enum value',
    '{ accessCodes(first: 1, filter: { mediaType: AUDIO_VIDE }) { totalCount } }',
    undefined,
    'Value "AUDIO_VIDE" does not exist in "AccessCodeMediaType" enum.',
    ' Did you mean the enum value "AUDIO_VIDEO"?',
  ],
  [
    'an unknown type',
    'query($f: AccessCodeFiltr) { accessCodes(first: 1, filter: $f) { totalCount } }',
    undefined,
    'Unknown type "AccessCodeFiltr".',
    ' Did you mean "AccessCodeFilter", "AccessCode", "AccessCodeEdge", or "AccessCodeMediaType"?',
  ],
  [
    'an unknown enum value in a variable',
    'query($f: AccessCodeFilter) { accessCodes(first: 1, filter: $f) { totalCount } }',
    { f: { mediaType: 'AUDIO_VIDE' } },
    'Variable "$f" got invalid value "AUDIO_VIDE" at "f.mediaType"; Value "AUDIO_VIDE" does not exist in "AccessCodeMediaType" enum.',
    ' Did you mean the enum value "AUDIO_VIDEO"?',
  ],
];

async function firstError(harness: Harness, query: string, variables?: Record<string, unknown>) {
  const res = await harness.query(query, variables);
  expect(res.body.data, JSON.stringify(res.body)).toBeUndefined();
  expect(res.body.errors).toHaveLength(1);
  return { status: res.status, error: res.body.errors?.[0] };
}

/** What a browser's Accept looks like when it opens a URL. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const openInBrowser = (harness: Harness, accept = BROWSER_ACCEPT) =>
  request(harness.url, { headers: { accept } });

describe('with GRAPHQL_INTROSPECTION=false and GRAPHIQL=false (the production defaults)', () => {
  const harness = useHarness({ env: { GRAPHQL_INTROSPECTION: 'false', GRAPHIQL: 'false' } });

  it.each([
    ['__schema', SCHEMA],
    ['__type', TYPE],
    ['an aliased __schema', '{ s: __schema { types { name } } }'],
    ['__schema in a fragment', 'query { ...F } fragment F on Query { __schema { queryType { name } } }'],
  ])('refuses %s with 400 INTROSPECTION_DISABLED', async (_, query) => {
    const { status, error } = await firstError(harness, query);
    expect(status).toBe(400);
    expect(error?.extensions?.code).toBe('INTROSPECTION_DISABLED');
    expect(error?.message).toMatch(
      /^Introspection is disabled on this server; "__(schema|type)" cannot be queried\.$/,
    );
  });

  it('keeps __typename, which clients need to tell union members apart', async () => {
    const data = expectNoGraphQLErrors(
      await harness.query('{ __typename softphones(first: 1) { __typename edges { node { __typename } } } }'),
    );
    expect(data).toEqual({
      __typename: 'Query',
      softphones: { __typename: 'SoftphoneConnection', edges: [{ node: { __typename: 'Softphone' } }] },
    });
  });

  it.each(TYPOS)('hides the suggestion for %s', async (_, query, variables, message) => {
    const { error } = await firstError(harness, query, variables);
    expect(error?.message).toBe(message);
    expect(error?.extensions?.code).toMatch(/^(GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT)$/);
  });

  it.each([
    BROWSER_ACCEPT,
    'text/html',
  ])('does not serve GraphiQL to a browser (Accept: %s)', async (accept) => {
    const res = await openInBrowser(harness, accept);
    const body = await res.body.text();
    expect(String(res.headers['content-type'] ?? '')).not.toContain('text/html');
    expect(body).not.toMatch(/graphiql|<html/i);
  });
});

describe('with introspection and GraphiQL on (the development defaults)', () => {
  const harness = useHarness();

  it('answers __schema and __type', async () => {
    expect(harness.config.security).toMatchObject({ introspection: true, graphiql: true });
    expect(expectNoGraphQLErrors(await harness.query(SCHEMA))).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    const data = expectNoGraphQLErrors<{ __type: { fields: Array<{ name: string }> } }>(
      await harness.query(TYPE),
    );
    expect(data.__type.fields.map((field) => field.name)).toContain('password');
  });

  it.each(TYPOS)('keeps the suggestion for %s', async (_, query, variables, message, suggestion) => {
    const { error } = await firstError(harness, query, variables);
    expect(error?.message).toBe(`${message}${suggestion}`);
  });

  it('serves GraphiQL to a browser', async () => {
    const res = await openInBrowser(harness);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(await res.body.text()).toMatch(/graphiql/i);
  });
});
