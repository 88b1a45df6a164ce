import { type GraphQLError, Kind, type SelectionSetNode, type ValidationRule } from 'graphql';

/** The mutation field that places a real phone call (src/schema/anonymous-call.ts). */
const CALL_FIELD = 'createAnonymousCall';

/**
 * MAX_CALLS_PER_OPERATION: an operation may select `createAnonymousCall` at most `max` times, counting
 * aliases and every fragment spread. Each selection places one call (it has no loader on purpose).
 */
export function anonymousCallLimitRule(
  max: number,
  errorOf: (message: string, found: number) => GraphQLError,
): ValidationRule {
  return (context) => {
    // Calls a fragment selects; a fragment being counted (a cycle) selects none.
    const fragmentCalls = new Map<string, number | null>();

    const callsInFragment = (name: string): number => {
      const known = fragmentCalls.get(name);
      if (known !== undefined) return known ?? 0;
      fragmentCalls.set(name, null);
      const fragment = context.getFragment(name);
      const calls = fragment ? callsIn(fragment.selectionSet) : 0;
      fragmentCalls.set(name, calls);
      return calls;
    };

    const callsIn = (selectionSet: SelectionSetNode): number => {
      let calls = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) calls += selection.name.value === CALL_FIELD ? 1 : 0;
        else if (selection.kind === Kind.INLINE_FRAGMENT) calls += callsIn(selection.selectionSet);
        else calls += callsInFragment(selection.name.value);
      }
      return calls;
    };

    return {
      OperationDefinition(operation) {
        // Only the Mutation type has the field, and only at its root.
        if (operation.operation !== 'mutation') return false;
        const calls = callsIn(operation.selectionSet);
        if (calls > max) {
          context.reportError(
            errorOf(
              `The operation selects ${CALL_FIELD} ${calls} times; at most ${max} are allowed per operation ` +
                '(MAX_CALLS_PER_OPERATION).',
              calls,
            ),
          );
        }
        return false;
      },
    };
  };
}
