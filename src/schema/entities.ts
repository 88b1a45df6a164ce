import { createZodSchema, type ValidationOptions, type ValidationOptionUnion } from '@pothos/plugin-zod';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { AccessCodeRef } from './access-code.js';
import { builder } from './builder.js';
import { CalledInfoRef } from './called-info.js';
import { SoftphoneRef } from './softphone.js';
import { accessCodeRule, phoneNumberRule } from './validation-rules.js';

/**
 * Federation entities: other subgraphs reference (and extend) these types by key, and the gateway
 * resolves a batch of references with one `_entities` request. Every reference of the batch is
 * resolved in the same tick through the operation's loaders, which dedupe the keys and pick the
 * fewest vendor calls. A key that names nothing (including one our own arguments would refuse)
 * resolves to null, not an error.
 */

/** Whether a key value passes the same rule as the root field's argument (our rules are objects). */
const fits = (rule: ValidationOptions<string>) => {
  const schema = createZodSchema(rule as ValidationOptionUnion, true);
  return (value: string) => schema.safeParse(value).success;
};
const isAccessCode = fits(accessCodeRule);
const isPhoneNumber = fits(phoneNumberRule);

/**
 * The key fields of a representation; the gateway sends them, so a missing one is a bad request.
 * (Thrown inside an async resolveReference, it fails that entity alone, not the whole `_entities`.)
 */
function keyOf<T>(typename: string, fields: string, shape: z.ZodType<T>, representation: unknown): T {
  const parsed = shape.safeParse(representation);
  if (!parsed.success) {
    throw new GraphQLError(`A ${typename} representation needs ${fields} (strings).`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return parsed.data;
}

const accessCodeKey = z.object({ accessCode: z.string() });
const softphoneKey = z.object({ phoneNumber: z.string() });
const calledInfoKey = z.object({ caller: z.string(), called: z.string() });

builder.asEntity(AccessCodeRef, {
  key: builder.selection<{ accessCode: string }>('accessCode'),
  resolveReference: async (representation, context) => {
    const { accessCode } = keyOf('AccessCode', '`accessCode`', accessCodeKey, representation);
    return isAccessCode(accessCode) ? context.loaders.accessCodes.byCodes.load(accessCode) : null;
  },
});

builder.asEntity(SoftphoneRef, {
  key: builder.selection<{ phoneNumber: string }>('phoneNumber'),
  resolveReference: async (representation, context) => {
    const { phoneNumber } = keyOf('Softphone', '`phoneNumber`', softphoneKey, representation);
    // Not a phone number: no softphone has it, and looking would read the whole list.
    return isPhoneNumber(phoneNumber) ? context.loaders.softphones.byNumber.load(phoneNumber) : null;
  },
});

builder.asEntity(CalledInfoRef, {
  key: builder.selection<{ caller: string; called: string }>('caller called'),
  resolveReference: async (representation, context) => {
    const { caller, called } = keyOf('CalledInfo', '`caller` and `called`', calledInfoKey, representation);
    return isPhoneNumber(caller) && isPhoneNumber(called)
      ? context.loaders.calledInfo.route.load({ caller, called })
      : null;
  },
});
