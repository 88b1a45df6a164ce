import {
  type FragmentDefinitionNode,
  type GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';

/**
 * MAX_REPEATED_FIELDS: no response key (a field's alias, else its name) may be selected more than `max`
 * times in one selection set, counting what its inline fragments and fragment spreads add to it. The
 * executor merges such copies into one field, but graphql-js's "overlapping fields" rule compares every
 * pair of them first: 2 000 copies took 13 s to validate.
 */
export function repeatedFieldsRule(max: number, errorOf: (message: string) => GraphQLError): ValidationRule {
  return (context) => {
    // Keys a fragment adds wherever it is spread; a fragment being counted (a cycle) adds nothing.
    const fragmentKeys = new Map<string, Map<string, number> | null>();

    const keysOfFragment = (name: string): Map<string, number> => {
      const known = fragmentKeys.get(name);
      if (known !== undefined) return known ?? new Map();
      fragmentKeys.set(name, null);
      const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(name);
      const keys = fragment ? keysOf(fragment.selectionSet) : new Map<string, number>();
      fragmentKeys.set(name, keys);
      return keys;
    };

    const keysOf = (selectionSet: SelectionSetNode): Map<string, number> => {
      const keys = new Map<string, number>();
      const add = (key: string, times: number) => keys.set(key, (keys.get(key) ?? 0) + times);
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) add((selection.alias ?? selection.name).value, 1);
        else {
          const added =
            selection.kind === Kind.INLINE_FRAGMENT
              ? keysOf(selection.selectionSet)
              : keysOfFragment(selection.name.value);
          for (const [key, times] of added) add(key, times);
        }
      }
      return keys;
    };

    // One error is enough: the first offending selection set names the key and the limit.
    let reported = false;
    return {
      SelectionSet(node) {
        if (reported) return;
        for (const [key, times] of keysOf(node)) {
          if (times <= max) continue;
          reported = true;
          context.reportError(
            errorOf(
              `"${key}" is selected ${times} times in one selection set; at most ${max} are allowed ` +
                '(MAX_REPEATED_FIELDS).',
            ),
          );
          return;
        }
      },
    };
  };
}
