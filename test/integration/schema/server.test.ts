import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { graphiqlOptions } from '../../../src/graphiql.js';
import { expectNoGraphQLErrors, HARNESS_NOW, useHarness } from '../../support/harness.js';

const harness = useHarness();

describe('the HTTP endpoint', () => {
  it('serves GraphiQL with one example tab per root field', async () => {
    const res = await request(harness.url, { headers: { accept: 'text/html' } });
    const html = await res.body.text();
    expect(res.statusCode).toBe(200);
    expect(html).toContain('cec-graphql');
    for (const field of [
      'accessCodes',
      'accessCode(',
      'softphones',
      'registrationNodes',
      'calledInfo',
      'callRecords',
      'createAnonymousCall',
    ]) {
      expect(html).toContain(field);
    }
  });

  it('runs every GraphiQL example without errors', async () => {
    const { defaultTabs } = graphiqlOptions(new Date(HARNESS_NOW));
    expect(defaultTabs?.length).toBe(6);
    for (const tab of defaultTabs ?? []) {
      const variables = tab.variables ? (JSON.parse(tab.variables) as Record<string, unknown>) : undefined;
      const response = await harness.query(tab.query ?? '', variables);
      expectNoGraphQLErrors(response, tab.query ?? '');
      expect(Object.values(response.body.data ?? {}).every((value) => value !== null)).toBe(true);
    }
  });

  it('answers a syntax error with a GraphQL error, not a crash', async () => {
    const res = await harness.query('{ accessCodes(first: ) }');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toMatch(/Syntax Error/);
  });

  it('answers an unknown field with a validation error', async () => {
    const res = await harness.query('{ nope }');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('keeps secrets out of every log line', async () => {
    await harness.query(
      '{ softphones(first: 100) { edges { node { password } } } accessCodes(first: 1) { totalCount } }',
    );
    const { credentials } = harness.simulator;
    const joined = harness.logLines.join('\n');
    expect(harness.logLines.length).toBeGreaterThan(0);
    for (const secret of [credentials.appSecret, credentials.cmsSecretKey])
      expect(joined).not.toContain(secret);
    expect(joined).not.toMatch(/Bearer [A-Za-z0-9]/);
    expect(joined).not.toMatch(/auth-v2\/[^"]*\/[0-9a-f]{64}/);
    for (const phone of harness.simulator.dataset.softphones.slice(0, 100))
      expect(joined).not.toContain(`"${phone.password}"`);
  });
});
