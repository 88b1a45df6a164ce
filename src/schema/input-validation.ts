import { GraphQLError } from 'graphql';
import type { ZodError } from 'zod';

export interface FieldError {
  /** Dotted path of the offending argument or input field, e.g. `filter.vdn`. */
  field: string;
  message: string;
}

/**
 * Invalid arguments. A GraphQL error with `BAD_USER_INPUT` on query fields; the mutation catches it
 * and answers the `InputValidationError` member of its result union instead.
 */
export class InputValidationFailure extends GraphQLError {
  constructor(readonly fieldErrors: FieldError[]) {
    super(`Invalid input: ${fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, {
      extensions: { code: 'BAD_USER_INPUT', fieldErrors },
    });
    this.name = 'InputValidationFailure';
  }
}

export function inputValidationFailureFromZod(error: ZodError): InputValidationFailure {
  return new InputValidationFailure(
    error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(arguments)',
      message: issue.message,
    })),
  );
}

export function invalidArgument(field: string, message: string): InputValidationFailure {
  return new InputValidationFailure([{ field, message }]);
}
