import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

/** A shared HS256 secret for harnesses started with `env: { AUTH_JWT_SECRET: TEST_JWT_SECRET }`. */
export const TEST_JWT_SECRET = 'test-only-hs256-secret-0123456789abcdef';

/** What signs a test token: the shared secret, or a private key whose public half a JWKS serves. */
export type TokenSigner =
  | { alg: 'HS256'; secret: string }
  | { alg: 'RS256' | 'ES256'; kid: string; privateKey: CryptoKey };

export interface TokenOptions {
  /** The instant the token is issued at (epoch ms): the harness's clock, so no test sleeps. */
  now: number;
  /** `sub`; default "test-client". Pass null for a token without one. */
  subject?: string | null;
  /** Space-separated `scope` claim. */
  scope?: string;
  /** `scp` array claim. */
  scp?: string[];
  /** Seconds from `now` to `exp`; negative for an expired token. Default 600. */
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
  /** Further claims, set last. */
  claims?: JWTPayload;
}

/** Signs a client JWT the way an identity provider would. */
export async function mintToken(signer: TokenSigner, options: TokenOptions): Promise<string> {
  const issuedAt = Math.floor(options.now / 1000);
  const payload: JWTPayload = {
    ...(options.subject === null ? {} : { sub: options.subject ?? 'test-client' }),
    ...(options.scope === undefined ? {} : { scope: options.scope }),
    ...(options.scp === undefined ? {} : { scp: options.scp }),
    ...(options.issuer === undefined ? {} : { iss: options.issuer }),
    ...(options.audience === undefined ? {} : { aud: options.audience }),
    iat: issuedAt,
    exp: issuedAt + (options.expiresInSeconds ?? 600),
    ...options.claims,
  };
  const jwt = new SignJWT(payload);
  if (signer.alg === 'HS256') {
    return jwt.setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(signer.secret));
  }
  return jwt.setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'JWT' }).sign(signer.privateKey);
}

/** The `query` options that send a token. */
export function withToken(token: string): { headers: Record<string, string> } {
  return { headers: { authorization: `Bearer ${token}` } };
}

export interface SigningKey {
  signer: Extract<TokenSigner, { kid: string }>;
  /** The public key as a JWKS entry. */
  jwk: JWK;
}

export async function generateSigningKey(alg: 'RS256' | 'ES256', kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { signer: { alg, kid, privateKey }, jwk };
}

/** An identity provider's key endpoint on loopback: serves the keys it is given and counts fetches. */
export interface JwksServer {
  url: string;
  /** Replaces the published keys (a rotation). */
  publish(keys: JWK[]): void;
  /** GET requests answered so far. */
  fetches(): number;
  close(): Promise<void>;
}

export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  let published = keys;
  let fetches = 0;
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    fetches += 1;
    response.writeHead(200, { 'content-type': 'application/jwk-set+json' });
    response.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    publish: (next) => {
      published = next;
    },
    fetches: () => fetches,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
