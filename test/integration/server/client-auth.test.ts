import { UnsecuredJWT } from 'jose';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { failingDatasources } from '../../fixtures/failing-datasources.js';
import { generateSigningKey, mintToken } from '../../support/client-tokens.js';
import {
  expectNoGraphQLErrors,
  expectNoSecretsLogged,
  type GraphQLResponse,
  TEST_JWT_SECRET,
  useHarness,
  withToken,
} from '../../support/harness.js';

const ISSUER = 'https://idp.example.com/';
const AUDIENCE = 'cec-graphql';
const harness = useHarness({
  env: { AUTH_JWT_SECRET: TEST_JWT_SECRET, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE },
  resetEach: true,
  rewindEach: true,
});

const READ = '{ softphones(first: 1) { totalCount } }';
const CALL = 'mutation { createAnonymousCall(input: { called: "88884432" }) { __typename } }';
const now = () => harness.clock.now();

/** Vendor calls made since the last reset (the upstream token fetch aside). */
function vendorCalls(): number {
  const { tokenByAkSk: _token, ...calls } = harness.simulator.control.counts();
  return Object.values(calls).reduce((sum, count) => sum + count, 0);
}

/** A 401 before anything ran: the challenge header, one UNAUTHENTICATED error, no data, no vendor call. */
function expectUnauthenticated(response: GraphQLResponse, description?: string): void {
  expect(response.status).toBe(401);
  expect(response.headers['www-authenticate']).toBe(
    description === undefined ? 'Bearer' : `Bearer error="invalid_token", error_description="${description}"`,
  );
  expect(response.body).toEqual({
    errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }],
  });
  expect(vendorCalls()).toBe(0);
}

describe('client authentication over HTTP', () => {
  it('answers a request without a token with 401 and a bare Bearer challenge', async () => {
    const response = await harness.query(READ);
    expectUnauthenticated(response);
    expect(response.body.errors?.[0]?.message).toMatch(/Authorization: Bearer <token>/);
    expectUnauthenticated(
      await harness.query(READ, undefined, { headers: { authorization: 'Basic dXNlcjpwdw==' } }),
    );
  });

  it('refuses before parsing, validating or running anything, mutations included', async () => {
    expectUnauthenticated(await harness.query('{ softphones(first: ) }'));
    expectUnauthenticated(await harness.query('{ nope }'));
    expectUnauthenticated(await harness.query(CALL));
    expect(harness.simulator.control.counts().createcall).toBe(0);
  });

  it('answers a malformed token with 401 invalid_token', async () => {
    for (const authorization of [
      'Bearer not-a-jwt',
      'Bearer',
      'Bearer a.b.c',
      'Bearer eyJhbGciOiJIUzI1NiJ9.e30',
    ]) {
      expectUnauthenticated(
        await harness.query(READ, undefined, { headers: { authorization } }),
        'the token is malformed',
      );
    }
  });

  it('answers a token signed with another secret, or edited after signing, with 401', async () => {
    const foreign = await mintToken(
      { alg: 'HS256', secret: 'another-secret-that-is-32-chars-long!!' },
      { now: now(), scope: 'cec:read', issuer: ISSUER, audience: AUDIENCE },
    );
    expectUnauthenticated(
      await harness.query(READ, undefined, withToken(foreign)),
      "the token's signature is invalid",
    );

    // A reader's token whose payload was swapped for one granting every scope.
    const [header, , signature] = (await harness.clientToken({ scope: 'cec:read' })).split('.');
    const escalated = Buffer.from(
      JSON.stringify({
        sub: 'test-client',
        scope: 'cec:read cec:call cec:softphone:secrets',
        iss: ISSUER,
        aud: AUDIENCE,
        exp: Math.floor(now() / 1000) + 600,
      }),
    ).toString('base64url');
    expectUnauthenticated(
      await harness.query(CALL, undefined, withToken(`${header}.${escalated}.${signature}`)),
      "the token's signature is invalid",
    );
  });

  it('refuses algorithms other than HS256 with the shared secret, and unsigned tokens', async () => {
    const { signer } = await generateSigningKey('RS256', 'rsa');
    const rsa = await mintToken(signer, {
      now: now(),
      scope: 'cec:read',
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const description = 'the token is signed with an algorithm this server does not accept';
    expectUnauthenticated(await harness.query(READ, undefined, withToken(rsa)), description);
    const unsigned = new UnsecuredJWT({ sub: 'x', scope: 'cec:read' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(Math.floor(now() / 1000) + 600)
      .encode();
    expectUnauthenticated(await harness.query(READ, undefined, withToken(unsigned)), description);
  });

  it('refuses an expired token, allowing the configured clock tolerance (30 s)', async () => {
    const expired = await harness.clientToken({ scope: 'cec:read', expiresInSeconds: -31 });
    expectUnauthenticated(await harness.query(READ, undefined, withToken(expired)), 'the token has expired');
    const barely = await harness.clientToken({ scope: 'cec:read', expiresInSeconds: -29 });
    expectNoGraphQLErrors(await harness.query(READ, undefined, withToken(barely)));
  });

  it('judges expiry by the injected clock: the same token is refused once the clock passes exp', async () => {
    const token = await harness.clientToken({ scope: 'cec:read', expiresInSeconds: 60 });
    expectNoGraphQLErrors(await harness.query(READ, undefined, withToken(token)));
    harness.clock.advance(91_000);
    harness.simulator.control.reset();
    expectUnauthenticated(await harness.query(READ, undefined, withToken(token)), 'the token has expired');
  });

  it('refuses a remembered token at the very second it expires (exp plus the tolerance)', async () => {
    // exp 10 s ago: good for 20 s more with the 30 s tolerance; verified once, then remembered.
    const token = await harness.clientToken({ scope: 'cec:read', expiresInSeconds: -10 });
    expectNoGraphQLErrors(await harness.query(READ, undefined, withToken(token)));
    harness.clock.advance(19_999);
    expectNoGraphQLErrors(await harness.query(READ, undefined, withToken(token)));
    harness.clock.advance(1);
    harness.simulator.control.reset();
    expectUnauthenticated(await harness.query(READ, undefined, withToken(token)), 'the token has expired');
  });

  it('refuses a remembered token again when the clock moves back before its nbf', async () => {
    const token = await harness.clientToken({
      scope: 'cec:read',
      claims: { nbf: Math.floor(now() / 1000) },
    });
    expectNoGraphQLErrors(await harness.query(READ, undefined, withToken(token)));
    harness.clock.advance(-31_000);
    harness.simulator.control.reset();
    expectUnauthenticated(
      await harness.query(READ, undefined, withToken(token)),
      'the token is not valid yet',
    );
  });

  it('refuses a token that is not valid yet', async () => {
    const early = await harness.clientToken({
      scope: 'cec:read',
      claims: { nbf: Math.floor(now() / 1000) + 120 },
    });
    expectUnauthenticated(
      await harness.query(READ, undefined, withToken(early)),
      'the token is not valid yet',
    );
  });

  it('refuses a token of another issuer or for another audience', async () => {
    const otherIssuer = await harness.clientToken({ scope: 'cec:read', issuer: 'https://evil.example.com/' });
    expectUnauthenticated(
      await harness.query(READ, undefined, withToken(otherIssuer)),
      'the token is not from the expected issuer',
    );
    const otherAudience = await harness.clientToken({ scope: 'cec:read', audience: 'another-api' });
    expectUnauthenticated(
      await harness.query(READ, undefined, withToken(otherAudience)),
      'the token is not meant for this server (audience)',
    );
    const noIssuer = await mintToken(
      { alg: 'HS256', secret: TEST_JWT_SECRET },
      { now: now(), scope: 'cec:read', audience: AUDIENCE },
    );
    expectUnauthenticated(
      await harness.query(READ, undefined, withToken(noIssuer)),
      'the token lacks the iss claim',
    );
  });

  it('refuses a token without a subject or without an expiry', async () => {
    const anonymous = await harness.clientToken({ scope: 'cec:read', subject: null });
    expectUnauthenticated(
      await harness.query(READ, undefined, withToken(anonymous)),
      'the token names no subject (sub)',
    );
    const eternal = await harness.clientToken({ scope: 'cec:read', claims: { exp: undefined } });
    expectUnauthenticated(
      await harness.query(READ, undefined, withToken(eternal)),
      'the token lacks the exp claim',
    );
  });

  it('accepts scopes as a space-separated `scope` string or an `scp` array', async () => {
    for (const token of [
      await harness.clientToken({ scope: 'openid cec:read' }),
      await harness.clientToken({ scp: ['openid', 'cec:read'] }),
    ]) {
      const data = expectNoGraphQLErrors(
        await harness.query<{ softphones: { totalCount: number } }>(READ, undefined, withToken(token)),
      );
      expect(data.softphones.totalCount).toBe(harness.simulator.dataset.softphones.length);
    }
    const none = await harness.clientToken({ scope: 'openid profile' });
    const forbidden = await harness.query(READ, undefined, withToken(none));
    expect(forbidden.status).toBe(200);
    expect(forbidden.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', requiredScope: 'cec:read' });
  });

  it('authenticates GET operations too, and serves the GraphiQL page without a token', async () => {
    const url = `${harness.url}?query=${encodeURIComponent(READ)}`;
    const anonymous = await request(url, { headers: { accept: 'application/graphql-response+json' } });
    expect(anonymous.statusCode).toBe(401);
    await anonymous.body.dump();
    const token = await harness.clientToken({ scope: 'cec:read' });
    const authorized = await request(url, {
      headers: { accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    });
    expect(authorized.statusCode).toBe(200);
    expect(await authorized.body.json()).toEqual({ data: { softphones: { totalCount: 320 } } });

    const page = await request(harness.url, { headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(await page.body.text()).toContain('<title>cec-graphql</title>');
  });

  it('answers CORS preflights and the health check without a token', async () => {
    const preflight = await request(harness.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).not.toBe(401);
    await preflight.body.dump();
    const health = await request(new URL('/health', harness.url));
    expect(health.statusCode).toBe(200);
    await health.body.dump();
  });

  it('logs why a token was refused, and never the token', async () => {
    const expired = await harness.clientToken({ scope: 'cec:read', expiresInSeconds: -3600 });
    const before = harness.logLines.length;
    await harness.query(READ, undefined, withToken(expired));
    const refused = harness.logLines
      .slice(before)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'client token rejected');
    expect(refused).toEqual([expect.objectContaining({ level: 'info', reason: 'the token has expired' })]);
    expectNoSecretsLogged(harness);
  });
});

describe("the request's log lines", () => {
  const failingHarness = useHarness({
    env: { AUTH_JWT_SECRET: TEST_JWT_SECRET },
    datasources: () => failingDatasources('boom'),
  });

  it('carry the subject of the token, never the token', async () => {
    const token = await failingHarness.clientToken({ scope: 'cec:read', subject: 'client-alice' });
    await failingHarness.query('{ calledInfo(caller: "1", called: "2") { called } }', undefined, {
      headers: { ...withToken(token).headers, 'x-request-id': 'req-alice' },
    });
    const lines = failingHarness.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.msg === 'unexpected error')).toMatchObject({
      requestId: 'req-alice',
      subject: 'client-alice',
    });
    expect(failingHarness.logLines.some((line) => line.includes(token))).toBe(false);
  });
});
