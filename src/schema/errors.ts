import { GraphQLError } from 'graphql';
import { createGraphQLError, type YogaServerOptions } from 'graphql-yoga';
import type { GraphQLContext } from '../context.js';
import { type UpstreamEndpoint, UpstreamError } from '../datasources/upstream-error.js';
import type { Logger } from '../logger.js';

/**
 * The three tiers of errors (STYLE.md): typed union members are handled by the mutation itself;
 * upstream and input failures become GraphQL errors with a stable `extensions.code`; anything else
 * is masked and logged with the request id.
 */
export function upstreamErrorToGraphQL(
  error: UpstreamError,
  path?: readonly (string | number)[],
): GraphQLError {
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

/** A vendor reply that decoded but holds a value the contract cannot represent. */
export function unexpectedVendorValue(
  endpoint: UpstreamEndpoint,
  field: string,
  value: unknown,
): UpstreamError {
  return new UpstreamError(
    'UPSTREAM_BAD_RESPONSE',
    `The vendor sent an unexpected ${field}: ${String(value)}`,
    {
      endpoint,
    },
  );
}

/** Errors that carry a client-facing `code` of their own and pass unmasked (e.g. a date-window error). */
interface CodedError extends Error {
  code: string;
}

function isCodedClientError(error: unknown): error is CodedError {
  return error instanceof Error && 'code' in error && error.code === 'BAD_USER_INPUT';
}

type MaskError = NonNullable<
  Exclude<YogaServerOptions<GraphQLContext, object>['maskedErrors'], boolean>
>['maskError'];

export function createErrorMasker(logger: Logger): NonNullable<MaskError> {
  return (error, message) => {
    const graphQLError = error instanceof GraphQLError ? error : null;
    const original = graphQLError?.originalError ?? error;
    if (original instanceof UpstreamError) return upstreamErrorToGraphQL(original, graphQLError?.path);
    if (isCodedClientError(original)) {
      return createGraphQLError(original.message, {
        path: graphQLError?.path,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    // Errors meant for clients (validation, paging limits) keep their message, code and path.
    if (graphQLError && (original instanceof GraphQLError || !graphQLError.originalError))
      return graphQLError;
    logger.error('unexpected error', { error: original, path: graphQLError?.path });
    return createGraphQLError(message, {
      path: graphQLError?.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}
