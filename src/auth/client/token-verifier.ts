import { createRemoteJWKSet, customFetch, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Clock } from '../../clock.js';
import type { ClientAuthConfig } from '../../config.js';
import { scopesOf, type Viewer } from './viewer.js';

/** How often the JWKS may be fetched; tests shorten the cooldown, production keeps jose's defaults. */
export interface JwksOptions {
  /** No refetch for an unknown `kid` within this long after a fetch (the rate limit). Default 30 s. */
  cooldownMs?: number;
  /** Keys are refetched once they are this old, even when every `kid` is known. Default 10 min. */
  cacheMaxAgeMs?: number;
  /** A JWKS request taking longer fails. Default 5 s. */
  timeoutMs?: number;
}

/** The token was presented but is not acceptable: the client must get a new one (HTTP 401). */
export class ClientTokenRejected extends Error {
  constructor(
    /** A short reason for logs and `error_description`; never holds any part of the token. */
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'ClientTokenRejected';
  }
}

/** The token could not be checked because the JWKS could not be fetched: not the client's fault (503). */
export class ClientKeysUnavailable extends Error {
  constructor(cause: unknown) {
    super(`the JWKS could not be fetched: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ClientKeysUnavailable';
  }
}

export interface ClientTokenVerifier {
  /** The viewer a bearer token stands for; throws ClientTokenRejected or ClientKeysUnavailable. */
  verify(token: string): Promise<Viewer>;
}

/** Asymmetric algorithms a JWKS key may sign with; HS256 only with the shared secret (no algorithm confusion). */
const JWKS_ALGORITHMS = ['RS256', 'ES256'];
const SECRET_ALGORITHMS = ['HS256'];

/** Verified tokens remembered, least recently used dropped first. */
const MAX_REMEMBERED_TOKENS = 1_000;
/** A remembered verdict is used this long at most, so a JWKS key's removal takes effect as jose's cache does. */
const REMEMBER_MS = 60_000;

interface Remembered {
  viewer: Viewer;
  /** The token's `nbf` and `exp`, seconds since the epoch, as jose checks them. */
  notBefore: number | undefined;
  expires: number;
  verifiedAt: number;
  /** The JWKS fetches made before it was verified: after a refetch it is verified against the new keys. */
  keysVersion: number;
}

/**
 * Verifies client JWTs with jose: signature, `exp`/`nbf` against the injected clock, issuer and audience.
 * A token that passed is remembered by its exact text (a client sends the same one on every request), and
 * then only its `nbf` and `exp` are checked again, the way jose checks them; once either fails, or after
 * REMEMBER_MS, the token goes through jose again, which refuses it with its own reason.
 */
export function createClientTokenVerifier(
  config: ClientAuthConfig,
  options: { clock: Clock; jwks?: JwksOptions },
): ClientTokenVerifier {
  const { key, algorithms, keysVersion } = verificationKey(config, options.jwks ?? {});
  const tolerance = config.clockToleranceSeconds;
  const remembered = new Map<string, Remembered>();

  const stillGood = (entry: Remembered, nowMs: number): boolean => {
    const now = Math.floor(nowMs / 1000);
    if (entry.keysVersion !== keysVersion()) return false;
    if (entry.notBefore !== undefined && entry.notBefore > now + tolerance) return false;
    return (
      entry.expires > now - tolerance && nowMs - entry.verifiedAt < REMEMBER_MS && nowMs >= entry.verifiedAt
    );
  };

  const verifyWithJose = async (token: string, nowMs: number): Promise<Viewer> => {
    const keysVersionBefore = keysVersion();
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms,
        ...(config.issuer ? { issuer: config.issuer } : {}),
        ...(config.audience ? { audience: config.audience } : {}),
        clockTolerance: tolerance,
        currentDate: new Date(nowMs),
        // A token without an expiry would be good forever.
        requiredClaims: ['exp'],
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') {
        throw new ClientTokenRejected('the token names no subject (sub)');
      }
      const viewer = { subject: payload.sub, scopes: scopesOf(payload) };
      if (typeof payload.exp === 'number') {
        remembered.set(token, {
          viewer,
          notBefore: typeof payload.nbf === 'number' ? payload.nbf : undefined,
          expires: payload.exp,
          verifiedAt: nowMs,
          keysVersion: keysVersionBefore,
        });
        if (remembered.size > MAX_REMEMBERED_TOKENS) {
          const oldest = remembered.keys().next().value;
          if (oldest !== undefined) remembered.delete(oldest);
        }
      }
      return viewer;
    } catch (error) {
      throw rejection(error) ?? (config.jwtSecret ? error : new ClientKeysUnavailable(error));
    }
  };

  return {
    verify(token) {
      const nowMs = options.clock.now();
      const entry = remembered.get(token);
      if (entry) {
        remembered.delete(token);
        if (stillGood(entry, nowMs)) {
          remembered.set(token, entry);
          return Promise.resolve(entry.viewer);
        }
      }
      return verifyWithJose(token, nowMs);
    },
  };
}

function verificationKey(
  config: ClientAuthConfig,
  jwks: JwksOptions,
): { key: Uint8Array | JWTVerifyGetKey; algorithms: string[]; keysVersion: () => number } {
  if (config.jwtSecret) {
    return {
      key: new TextEncoder().encode(config.jwtSecret),
      algorithms: SECRET_ALGORITHMS,
      keysVersion: () => 0,
    };
  }
  if (!config.jwksUrl) throw new Error('client authentication needs AUTH_JWT_SECRET or AUTH_JWKS_URL');
  // jose caches the keys, refetches on an unknown `kid` at most once per cooldown, and joins
  // concurrent fetches into one.
  let fetches = 0;
  const remote = createRemoteJWKSet(new URL(config.jwksUrl), {
    [customFetch]: (url: string, init: RequestInit) => {
      fetches++;
      return fetch(url, init);
    },
    ...(jwks.cooldownMs === undefined ? {} : { cooldownDuration: jwks.cooldownMs }),
    ...(jwks.cacheMaxAgeMs === undefined ? {} : { cacheMaxAge: jwks.cacheMaxAgeMs }),
    ...(jwks.timeoutMs === undefined ? {} : { timeoutDuration: jwks.timeoutMs }),
  });
  return { key: remote, algorithms: JWKS_ALGORITHMS, keysVersion: () => fetches };
}

const CLAIM_REASONS: Record<string, string> = {
  iss: 'the token is not from the expected issuer',
  aud: 'the token is not meant for this server (audience)',
  nbf: 'the token is not valid yet',
};

/**
 * jose's verdicts on the token, in words a client can act on. Anything else is a failure to get the
 * keys (timeout, a JWKS that is not one, no answer) or, with a shared secret, a bug.
 */
function rejection(error: unknown): ClientTokenRejected | null {
  if (error instanceof ClientTokenRejected) return error;
  if (error instanceof errors.JWTExpired) return new ClientTokenRejected('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new ClientTokenRejected(
      error.reason === 'missing'
        ? `the token lacks the ${error.claim} claim`
        : (CLAIM_REASONS[error.claim] ?? `the token's ${error.claim} claim is not acceptable`),
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new ClientTokenRejected("the token's signature is invalid");
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new ClientTokenRejected('the token is signed with an algorithm this server does not accept');
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new ClientTokenRejected('the token is signed with a key this server does not know');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return new ClientTokenRejected('the token is malformed');
  }
  return null;
}
