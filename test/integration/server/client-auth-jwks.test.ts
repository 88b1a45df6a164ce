import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSigningKey,
  type JwksServer,
  mintToken,
  type SigningKey,
  startJwksServer,
  type TokenSigner,
} from '../../support/client-tokens.js';
import {
  expectNoGraphQLErrors,
  expectNoSecretsLogged,
  type Harness,
  startHarness,
  withToken,
} from '../../support/harness.js';

/**
 * AUTH_JWKS_URL against an identity provider's key endpoint on loopback: RS256 and ES256 keys, caching,
 * a refetch for an unknown `kid` (key rotation), and jose's cooldown as the refetch rate limit.
 */

const READ = '{ softphones(first: 1) { totalCount } }';

let jwks: JwksServer;
let rsa1: SigningKey;
let rsa2: SigningKey;
let ec1: SigningKey;
const harnesses: Harness[] = [];

beforeAll(async () => {
  [rsa1, rsa2, ec1] = await Promise.all([
    generateSigningKey('RS256', 'rsa-1'),
    generateSigningKey('RS256', 'rsa-2'),
    generateSigningKey('ES256', 'ec-1'),
  ]);
  jwks = await startJwksServer([rsa1.jwk]);
});

afterAll(async () => {
  try {
    for (const harness of harnesses) expectNoSecretsLogged(harness);
  } finally {
    for (const harness of harnesses) await harness.close();
    await jwks.close();
  }
});

/** A harness on the JWKS server; the first one starts the simulator, the others share it. */
async function harnessWith(env: Record<string, string>, cooldownMs?: number): Promise<Harness> {
  const first = harnesses[0];
  const harness = await startHarness({
    env,
    ...(cooldownMs === undefined ? {} : { jwks: { cooldownMs } }),
    ...(first ? { simulator: { running: first.simulator, clock: first.clock } } : {}),
  });
  harnesses.push(harness);
  return harness;
}

async function tokenFor(harness: Harness, signer: TokenSigner, scope = 'cec:read'): Promise<string> {
  return mintToken(signer, { now: harness.clock.now(), scope });
}

async function read(harness: Harness, token: string) {
  return harness.query<{ softphones: { totalCount: number } }>(READ, undefined, withToken(token));
}

describe('client authentication with a JWKS', () => {
  it('verifies RS256 and ES256 tokens, fetching the keys once while every kid is known', async () => {
    jwks.publish([rsa1.jwk, ec1.jwk]);
    const before = jwks.fetches();
    // Default cooldown (30 s): the rate limit production runs with.
    const harness = await harnessWith({ AUTH_JWKS_URL: jwks.url });
    for (const signer of [rsa1.signer, ec1.signer, rsa1.signer]) {
      const data = expectNoGraphQLErrors(await read(harness, await tokenFor(harness, signer)));
      expect(data.softphones.totalCount).toBe(320);
    }
    expect(jwks.fetches() - before).toBe(1);
  });

  it('refetches once for a new kid when the provider rotates its keys, then caches again', async () => {
    jwks.publish([rsa1.jwk]);
    const before = jwks.fetches();
    const harness = await harnessWith({ AUTH_JWKS_URL: jwks.url }, 0);
    expectNoGraphQLErrors(await read(harness, await tokenFor(harness, rsa1.signer)));
    expect(jwks.fetches() - before).toBe(1);

    // Rotation: rsa-2 replaces rsa-1.
    jwks.publish([rsa2.jwk]);
    expectNoGraphQLErrors(await read(harness, await tokenFor(harness, rsa2.signer)));
    expectNoGraphQLErrors(await read(harness, await tokenFor(harness, rsa2.signer)));
    expect(jwks.fetches() - before).toBe(2);

    // A token of the retired key: one more look at the JWKS, then a refusal.
    const retired = await read(harness, await tokenFor(harness, rsa1.signer));
    expect(retired.status).toBe(401);
    expect(retired.headers['www-authenticate']).toBe(
      'Bearer error="invalid_token", error_description="the token is signed with a key this server does not know"',
    );
    expect(jwks.fetches() - before).toBe(3);
  });

  it('does not refetch for unknown kids within the cooldown (the rate limit)', async () => {
    jwks.publish([rsa1.jwk]);
    const before = jwks.fetches();
    const harness = await harnessWith({ AUTH_JWKS_URL: jwks.url });
    expectNoGraphQLErrors(await read(harness, await tokenFor(harness, rsa1.signer)));
    jwks.publish([rsa1.jwk, rsa2.jwk]);
    for (let i = 0; i < 5; i++) {
      const unknown = await read(harness, await tokenFor(harness, rsa2.signer));
      expect(unknown.status).toBe(401);
      expect(unknown.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(jwks.fetches() - before).toBe(1);
  });

  it('refuses HS256 tokens when keys come from a JWKS (no algorithm confusion)', async () => {
    jwks.publish([rsa1.jwk]);
    const harness = await harnessWith({ AUTH_JWKS_URL: jwks.url });
    // Signed with the public key's modulus as an HMAC secret: the classic confusion attack.
    const forged = await tokenFor(harness, { alg: 'HS256', secret: String(rsa1.jwk.n) });
    const response = await read(harness, forged);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain('an algorithm this server does not accept');
  });

  it('answers 503 AUTHENTICATION_UNAVAILABLE, not 401, while the JWKS cannot be fetched', async () => {
    const harness = await harnessWith({ AUTH_JWKS_URL: `${jwks.url}.missing` });
    const response = await read(harness, await tokenFor(harness, rsa1.signer));
    expect(response.status).toBe(503);
    expect(response.headers['www-authenticate']).toBeUndefined();
    expect(response.body).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'AUTHENTICATION_UNAVAILABLE' } }],
    });
    const logged = harness.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === 'client token not verifiable');
    expect(logged).toMatchObject({ level: 'error', error: { name: 'ClientKeysUnavailable' } });
  });
});
