import { GraphQLError, getNamedType, isIntrospectionType, type ValidationRule } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/**
 * How much of the schema a client can learn without documentation. With introspection off the
 * schema is not listed (`__schema`, `__type`) and error messages do not guess at names either:
 * graphql-js's "Did you mean ...?" hints would let a client enumerate fields (`password`) one typo
 * at a time. `__typename` stays: clients need it to tell union members apart.
 */

/**
 * graphql-js's NoSchemaIntrospectionCustomRule with a stable code and one error per refused field:
 * any field whose type is one of the introspection types, whatever its alias, in operations and
 * fragments alike.
 */
const introspectionDisabledRule: ValidationRule = (context) => ({
  Field(node) {
    const type = getNamedType(context.getType());
    if (!type || !isIntrospectionType(type)) return;
    context.reportError(
      new GraphQLError(`Introspection is disabled on this server; "${node.name.value}" cannot be queried.`, {
        nodes: node,
        extensions: { code: 'INTROSPECTION_DISABLED' },
      }),
    );
    // One error per introspection field the client wrote, not one for each field beneath it.
    return false;
  },
});

// graphql-js appends every suggestion to the end of its message (validation and variable coercion).
const SUGGESTION = / Did you mean .*$/s;

function withoutSuggestion<E extends Error>(error: E): E | GraphQLError {
  if (!(error instanceof GraphQLError) || !SUGGESTION.test(error.message)) return error;
  return new GraphQLError(error.message.replace(SUGGESTION, ''), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

/** One yoga plugin: nothing when introspection is on; otherwise the rule above and no suggestions. */
export function useExposurePolicy({ introspection }: { introspection: boolean }): Plugin {
  if (introspection) return {};
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(introspectionDisabledRule);
      return ({ result, setResult }) => {
        if (result.length > 0) setResult(result.map(withoutSuggestion));
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result) || !result.errors?.some((e) => SUGGESTION.test(e.message))) return;
          setResult({ ...result, errors: result.errors.map(withoutSuggestion) });
        },
      };
    },
  };
}
