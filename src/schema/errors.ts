import { GraphQLError } from 'graphql';
import { createGraphQLError, useErrorHandler, type YogaServerOptions } from 'graphql-yoga';
import { ClientError } from '../datasources/client-error.js';
import type { Logger } from '../logger.js';
import { OperationLimitError } from '../transport/operation-scope.js';
import { UpstreamError } from '../transport/upstream-error.js';
import type { GraphQLContext } from './context.js';

/**
 * The three tiers of errors (STYLE.md): typed union members are handled by the mutation itself;
 * upstream and input failures become GraphQL errors with a stable `extensions.code`; anything else
 * is masked and logged with the request id.
 */
function upstreamErrorToGraphQL(error: UpstreamError, path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(error.message, {
    path,
    extensions: {
      code: error.code,
      endpoint: error.endpoint,
      ...(error.httpStatus === undefined ? {} : { upstreamStatus: error.httpStatus }),
      ...(error.vendorCode === undefined ? {} : { vendorCode: error.vendorCode }),
    },
  });
}

/** Errors that carry a client-facing `code` of their own and pass unmasked (e.g. a date-window error). */
function isCodedClientError(error: unknown): error is ClientError {
  return error instanceof ClientError;
}

type MaskError = NonNullable<
  Exclude<YogaServerOptions<GraphQLContext, object>['maskedErrors'], boolean>
>['maskError'];

/** The error a resolver threw, under graphql-js's located wrapper. */
function originalOf(error: unknown): unknown {
  return error instanceof GraphQLError ? (error.originalError ?? error) : error;
}

/** Not one of ours: a bug or an unforeseen failure, masked for clients and logged for us. */
function isUnexpectedError(error: unknown): boolean {
  const original = originalOf(error);
  return !(
    original instanceof GraphQLError ||
    original instanceof UpstreamError ||
    original instanceof OperationLimitError ||
    isCodedClientError(original)
  );
}

export function createErrorMasker(): NonNullable<MaskError> {
  return (error, message) => {
    const graphQLError = error instanceof GraphQLError ? error : null;
    const original = originalOf(error);
    if (original instanceof UpstreamError) return upstreamErrorToGraphQL(original, graphQLError?.path);
    if (original instanceof OperationLimitError) {
      return createGraphQLError(original.message, {
        path: graphQLError?.path,
        extensions: { code: original.code, endpoint: original.endpoint },
      });
    }
    if (isCodedClientError(original)) {
      return createGraphQLError(original.message, {
        path: graphQLError?.path,
        extensions: { ...original.extensions, code: original.code },
      });
    }
    // Errors meant for clients (validation, paging limits) keep their message, code and path.
    if (graphQLError && !isUnexpectedError(error)) return graphQLError;
    return createGraphQLError(message, {
      path: graphQLError?.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}

/** Unexpected errors logUnexpectedErrors has logged, with the request id it logged them with. */
const loggedUnexpected = new WeakMap<object, string | undefined>();

/**
 * Whether yoga's own report of `error` would say something new: not when it is one of ours (coded, and
 * logged where it arose) or an unexpected one logUnexpectedErrors already logged with the request id.
 * Errors of yoga's request hooks (parsing the request, authentication) reach only yoga's report.
 */
export function isReportedElsewhere(error: Error): boolean {
  const original = originalOf(error);
  return (
    !isUnexpectedError(error) ||
    (typeof original === 'object' && original !== null && loggedUnexpected.has(original))
  );
}

/** The request id an unexpected error was logged with, for other reports of the same error. */
export function requestIdOfLogged(error: Error): string | undefined {
  const original = originalOf(error);
  return typeof original === 'object' && original !== null ? loggedUnexpected.get(original) : undefined;
}

/**
 * Logs unexpected errors of every phase with the request id: the operation's logger when execution
 * started, else one made from the request (a failure while building the context has no context yet).
 */
export function logUnexpectedErrors(fallback: Logger, requestIdOf: (request: Request) => string) {
  return useErrorHandler(({ errors, context, phase }) => {
    // For execution errors envelop passes the execution args, which hold the context as contextValue;
    // other phases get the initial context, which holds the request.
    const { contextValue, request } = context as {
      contextValue?: Partial<GraphQLContext>;
      request?: Request;
    };
    const requestId = contextValue?.requestId ?? (request ? requestIdOf(request) : undefined);
    const logger =
      (phase === 'execution' ? contextValue?.logger : undefined) ??
      (requestId ? fallback.child({ requestId }) : fallback);
    for (const error of errors) {
      if (!isUnexpectedError(error)) continue;
      loggedUnexpected.set(originalOf(error) as object, requestId);
      logger.error('unexpected error', {
        error: originalOf(error),
        path: error instanceof GraphQLError ? error.path : undefined,
      });
    }
  });
}
