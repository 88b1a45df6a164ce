import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
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

/** Verifies client JWTs with jose: signature, `exp`/`nbf` against the injected clock, issuer and audience. */
export function createClientTokenVerifier(
  config: ClientAuthConfig,
  options: { clock: Clock; jwks?: JwksOptions },
): ClientTokenVerifier {
  const { key, algorithms } = verificationKey(config, options.jwks ?? {});
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms,
          ...(config.issuer ? { issuer: config.issuer } : {}),
          ...(config.audience ? { audience: config.audience } : {}),
          clockTolerance: config.clockToleranceSeconds,
          currentDate: new Date(options.clock.now()),
          // A token without an expiry would be good forever.
          requiredClaims: ['exp'],
        });
        if (typeof payload.sub !== 'string' || payload.sub === '') {
          throw new ClientTokenRejected('the token names no subject (sub)');
        }
        return { subject: payload.sub, scopes: scopesOf(payload) };
      } catch (error) {
        throw rejection(error) ?? (config.jwtSecret ? error : new ClientKeysUnavailable(error));
      }
    },
  };
}

function verificationKey(
  config: ClientAuthConfig,
  jwks: JwksOptions,
): { key: Uint8Array | JWTVerifyGetKey; algorithms: string[] } {
  if (config.jwtSecret) {
    return { key: new TextEncoder().encode(config.jwtSecret), algorithms: SECRET_ALGORITHMS };
  }
  if (!config.jwksUrl) throw new Error('client authentication needs AUTH_JWT_SECRET or AUTH_JWKS_URL');
  // jose caches the keys, refetches on an unknown `kid` at most once per cooldown, and joins
  // concurrent fetches into one.
  const remote = createRemoteJWKSet(new URL(config.jwksUrl), {
    ...(jwks.cooldownMs === undefined ? {} : { cooldownDuration: jwks.cooldownMs }),
    ...(jwks.cacheMaxAgeMs === undefined ? {} : { cacheMaxAge: jwks.cacheMaxAgeMs }),
    ...(jwks.timeoutMs === undefined ? {} : { timeoutDuration: jwks.timeoutMs }),
  });
  return { key: remote, algorithms: JWKS_ALGORITHMS };
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
