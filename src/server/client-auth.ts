import { createGraphQLError, type Plugin } from 'graphql-yoga';
import {
  ClientKeysUnavailable,
  ClientTokenRejected,
  createClientTokenVerifier,
  type JwksOptions,
} from '../auth/client/token-verifier.js';
import { OPEN_VIEWER, type Viewer } from '../auth/client/viewer.js';
import type { Clock } from '../clock.js';
import type { ClientAuthConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { requestIdOf } from './request-id.js';

/**
 * Client authentication over HTTP: every GraphQL request needs `Authorization: Bearer <JWT>`; the
 * verified viewer (subject, scopes) goes into the context, and the schema checks scopes per field.
 * Requests without a valid token get 401 before their body is read, parsed or run. GraphiQL's page,
 * CORS preflights and the health check answer earlier in yoga's pipeline, so they need no token.
 */
export interface ClientAuthentication {
  plugin: Plugin;
  /** The viewer of a request the plugin let through. */
  viewerOf(request: Request): Viewer;
}

/** RFC 6750: no error code when the request carried no credentials; invalid_token when they failed. */
function challenge(reason?: string): string {
  return reason === undefined ? 'Bearer' : `Bearer error="invalid_token", error_description="${reason}"`;
}

function unauthenticated(message: string, reason?: string) {
  return createGraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: { 'WWW-Authenticate': challenge(reason) } },
    },
  });
}

/** What follows `Bearer ` in the Authorization header; undefined without one (or with another scheme). */
function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization')?.trim();
  if (!header || !/^bearer(\s|$)/i.test(header)) return undefined;
  return header.slice('bearer'.length).trim();
}

/** Without client auth settings (development only: config.ts refuses production) every request is OPEN_VIEWER. */
export function createClientAuthentication(options: {
  settings: ClientAuthConfig | null;
  clock: Clock;
  logger: Logger;
  jwks?: JwksOptions;
}): ClientAuthentication {
  if (!options.settings) return { plugin: {}, viewerOf: () => OPEN_VIEWER };
  const verifier = createClientTokenVerifier(options.settings, {
    clock: options.clock,
    ...(options.jwks ? { jwks: options.jwks } : {}),
  });
  const logger = options.logger.child({ component: 'client-auth' });
  const viewers = new WeakMap<Request, Viewer>();

  return {
    plugin: {
      async onRequestParse({ request }) {
        const token = bearerToken(request);
        if (token === undefined) {
          throw unauthenticated(
            'Authentication required: send an access token as "Authorization: Bearer <token>".',
          );
        }
        try {
          viewers.set(request, await verifier.verify(token));
        } catch (error) {
          if (error instanceof ClientTokenRejected) {
            logger.info('client token rejected', { requestId: requestIdOf(request), reason: error.reason });
            throw unauthenticated(`Access token refused: ${error.reason}.`, error.reason);
          }
          if (error instanceof ClientKeysUnavailable) {
            logger.error('client token not verifiable', { requestId: requestIdOf(request), error });
            throw createGraphQLError('The access token cannot be verified right now; try again later.', {
              extensions: { code: 'AUTHENTICATION_UNAVAILABLE', http: { status: 503 } },
            });
          }
          throw error;
        }
      },
    },
    viewerOf(request) {
      const viewer = viewers.get(request);
      // Fail closed: a request that skipped the check above is a bug, never an anonymous client.
      if (!viewer) throw new Error('no verified viewer for this request');
      return viewer;
    },
  };
}
