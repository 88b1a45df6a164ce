import { randomUUID } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { createLoaders, type Datasources } from './datasources/registry.js';
import { graphiqlOptions } from './graphiql.js';
import type { Logger } from './logger.js';
import type { GraphQLContext, SchemaSettings, Viewer } from './schema/context.js';
import { createErrorMasker, logUnexpectedErrors } from './schema/errors.js';
import { schema } from './schema/index.js';
import { useRequestErrorCodes } from './schema/request-errors.js';

export interface AppDependencies {
  config: Config;
  datasources: Datasources;
  logger: Logger;
  clock?: Clock;
}

export type App = YogaServerInstance<Record<string, never>, GraphQLContext>;

const DEFAULT_PAGE_SIZE = 20;

/** Builds the GraphQL server and everything it needs, without binding a port (src/main.ts does that). */
export function createApp({ config, datasources, logger, clock = systemClock }: AppDependencies): App {
  const settings: SchemaSettings = {
    defaultPageSize: Math.min(DEFAULT_PAGE_SIZE, config.paging.maxPageSize),
    maxPageSize: config.paging.maxPageSize,
    defaultCcId: config.callRecords.defaultCcId,
  };
  // Until client authentication arrives, secrets are readable only when the operator opts in.
  const viewer: Viewer = { canReadSoftphoneSecrets: false };

  return createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: {
      debug: (...args) => logger.debug(String(args[0]), { args: args.slice(1) }),
      info: (...args) => logger.info(String(args[0]), { args: args.slice(1) }),
      warn: (...args) => logger.warn(String(args[0]), { args: args.slice(1) }),
      error: (...args) => logger.error(String(args[0]), { args: args.slice(1) }),
    },
    maskedErrors: { maskError: createErrorMasker() },
    plugins: [
      // Order matters: who the client is, what its browser may do, then what an operation may cost.
      logUnexpectedErrors(logger),
      useRequestErrorCodes(),
    ],
    // GraphiQL is served from the package itself, so it works without reaching a CDN.
    renderGraphiQL,
    graphiql: () => graphiqlOptions(new Date(clock.now())),
    context: ({ request }): GraphQLContext => {
      const requestId = request.headers.get('x-request-id') ?? randomUUID();
      return {
        requestId,
        viewer,
        loaders: createLoaders(datasources),
        datasources,
        settings,
        clock,
        logger: logger.child({ requestId }),
      };
    },
  });
}
