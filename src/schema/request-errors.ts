import { GraphQLError, Kind, type ValidationRule } from 'graphql';
import { createGraphQLError, isAsyncIterable, type Plugin } from 'graphql-yoga';

/**
 * Request errors (the operation never ran, so the answer has no `data`) get a stable
 * `extensions.code` like every other error, and never quote the request back at length. yoga codes
 * its own (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_REQUEST, ...); this covers the rest.
 */

/** Longer messages quote a client's value at length (graphql-js prints a rejected variable whole). */
const MAX_MESSAGE_LENGTH = 500;

/**
 * graphql-js 16 accepts an operation whose root type the schema lacks (a `subscription` here) and
 * only fails when executing it, without a code; the spec's "operation type existence" rule, and
 * graphql-js 17, reject it at validation.
 */
const supportedOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    context.reportError(
      new GraphQLError(`This API does not support ${node.operation} operations.`, {
        nodes: node,
        extensions: { code: 'OPERATION_NOT_SUPPORTED' },
      }),
    );
  },
});

/** The variable an execution-time request error is about, if any (coercion errors point at its definition). */
function variableOf(error: GraphQLError): string | undefined {
  const definition = error.nodes?.find((node) => node.kind === Kind.VARIABLE_DEFINITION);
  return definition?.kind === Kind.VARIABLE_DEFINITION ? definition.variable.name.value : undefined;
}

/** A coded copy of an error the executor raised before running anything (variable coercion mostly). */
function codedRequestError(error: GraphQLError): GraphQLError {
  const variable = variableOf(error);
  const code = error.extensions.code ?? (variable === undefined ? 'BAD_REQUEST' : 'BAD_USER_INPUT');
  let message = error.message;
  if (message.length > MAX_MESSAGE_LENGTH) {
    message =
      variable === undefined
        ? 'The request could not be executed.'
        : `Variable "$${variable}" got an invalid value (too long to quote).`;
  }
  return createGraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}

/** A parser error without its `originalError`, which for invalid JSON quotes the whole body. */
function withoutCause(error: unknown): unknown {
  if (!(error instanceof GraphQLError) || !('originalError' in error.extensions)) return error;
  const { originalError: _cause, ...extensions } = error.extensions;
  return createGraphQLError(error.message, { extensions });
}

/** One yoga plugin: the subscription rule, codes for execution-time request errors, short parser errors. */
export function useRequestErrorCodes(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(supportedOperationTypesRule);
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result) || 'data' in result || !result.errors?.length) return;
          setResult({ ...result, errors: result.errors.map(codedRequestError) });
        },
      };
    },
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          throw withoutCause(error);
        }
      });
    },
  };
}
