import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { JwksOptions } from './auth/client/token-verifier.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { createLoaders, type Datasources } from './datasources/registry.js';
import { graphiqlOptions } from './graphiql.js';
import type { Logger } from './logger.js';
import type { GraphQLContext, SchemaSettings } from './schema/context.js';
import { createErrorMasker, logUnexpectedErrors } from './schema/errors.js';
import { schema } from './schema/index.js';
import { useRequestErrorCodes } from './schema/request-errors.js';
import { corsPolicy, useBrowserSafety } from './server/browser-safety.js';
import { createClientAuthentication } from './server/client-auth.js';
import { useExposurePolicy } from './server/exposure.js';
import { useOperationLimits } from './server/operation-limits.js';
import { requestIdOf } from './server/request-id.js';

export interface AppDependencies {
  config: Config;
  datasources: Datasources;
  logger: Logger;
  clock?: Clock;
  /** How often the client-auth JWKS may be refetched (tests shorten the cooldown). */
  jwks?: JwksOptions;
}

export type App = YogaServerInstance<Record<string, never>, GraphQLContext>;

const DEFAULT_PAGE_SIZE = 20;

/** Builds the GraphQL server and everything it needs, without binding a port (src/main.ts does that). */
export function createApp({ config, datasources, logger, clock = systemClock, jwks }: AppDependencies): App {
  const settings: SchemaSettings = {
    defaultPageSize: Math.min(DEFAULT_PAGE_SIZE, config.paging.maxPageSize),
    maxPageSize: config.paging.maxPageSize,
    defaultCcId: config.callRecords.defaultCcId,
  };
  const clientAuth = createClientAuthentication({
    settings: config.security.clientAuth,
    clock,
    logger,
    ...(jwks ? { jwks } : {}),
  });

  return createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    cors: corsPolicy(config.security.corsOrigins),
    // No file uploads in this schema; multipart bodies are refused by useBrowserSafety anyway.
    multipart: false,
    // yoga enforces the body limit while the body streams in; useOperationLimits names the setting.
    maxRequestBodySize: config.security.limits.maxRequestBytes,
    batching: false,
    logging: {
      debug: (...args) => logger.debug(String(args[0]), { args: args.slice(1) }),
      info: (...args) => logger.info(String(args[0]), { args: args.slice(1) }),
      warn: (...args) => logger.warn(String(args[0]), { args: args.slice(1) }),
      error: (...args) => logger.error(String(args[0]), { args: args.slice(1) }),
    },
    maskedErrors: { maskError: createErrorMasker() },
    plugins: [
      // Order matters: who the client is, what its browser may do, then what an operation may cost.
      clientAuth.plugin,
      logUnexpectedErrors(logger, requestIdOf),
      useRequestErrorCodes(),
      useBrowserSafety(config.security.corsOrigins),
      useExposurePolicy({ introspection: config.security.introspection }),
      useOperationLimits({ limits: config.security.limits, logger }),
    ],
    // GraphiQL is served from the package itself, so it works without reaching a CDN.
    renderGraphiQL,
    graphiql: config.security.graphiql ? () => graphiqlOptions(new Date(clock.now())) : false,
    context: ({ request }): GraphQLContext => {
      const requestId = requestIdOf(request);
      const viewer = clientAuth.viewerOf(request);
      return {
        requestId,
        viewer,
        loaders: createLoaders(datasources),
        datasources,
        settings,
        clock,
        // The subject, never the token: every line the request logs says who asked.
        logger: logger.child({ requestId, subject: viewer.subject }),
      };
    },
  });
}
