import {
  CALL_CREATION_FAILURES,
  type CallCreationFailureReason,
  type CreatedCall,
  type RefusedCall,
} from '../datasources/anonymous-calls.js';
import { builder } from './builder.js';
import { type FieldError, InputValidationFailure } from './input-validation.js';
import { phoneNumberRule } from './validation-rules.js';

const CallCreationFailureReasonEnum = builder.enumType('CallCreationFailureReason', {
  description: 'Why the vendor refused to create the call.',
  values: {
    ...Object.fromEntries(
      Object.entries(CALL_CREATION_FAILURES).map(([reason, { vendorCode, description }]) => [
        reason,
        { value: reason, description: `${description} (vendor code ${vendorCode})` },
      ]),
    ),
    UNKNOWN: { value: 'UNKNOWN', description: 'A failure code this server does not know.' },
  } as Record<CallCreationFailureReason, { value: CallCreationFailureReason; description: string }>,
});

/** The vendor answered with a documented (or unknown) failure code: an outcome the client acts on. */
export class CallCreationFailure extends Error {
  readonly reason: CallCreationFailureReason;
  readonly vendorCode: string;

  constructor(refusal: RefusedCall) {
    super(refusal.message || 'The vendor refused to create the call.');
    this.name = 'CallCreationFailure';
    this.reason = refusal.reason;
    this.vendorCode = refusal.vendorCode;
  }
}

builder.objectType(CallCreationFailure, {
  name: 'CallCreationError',
  description: 'The vendor refused to create the call; no call was placed.',
  fields: (t) => ({
    message: t.exposeString('message', { description: "The vendor's explanation." }),
    vendorCode: t.exposeString('vendorCode', { description: 'The vendor result code, e.g. "30010000002".' }),
    reason: t.field({
      type: CallCreationFailureReasonEnum,
      description: 'The failure, as an enum.',
      resolve: (e) => e.reason,
    }),
  }),
});

const FieldErrorRef = builder.objectRef<FieldError>('FieldError').implement({
  description: 'A problem with one input field.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Dotted path of the field, e.g. `input.called`.' }),
    message: t.exposeString('message', { description: 'What is wrong with it.' }),
  }),
});

builder.objectType(InputValidationFailure, {
  name: 'InputValidationError',
  description: 'The input broke a rule; nothing was sent to the vendor.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A summary of all problems.' }),
    fieldErrors: t.field({
      type: [FieldErrorRef],
      description: 'One entry per problem.',
      resolve: (e) => e.fieldErrors,
    }),
  }),
});

const AnonymousCallRef = builder.objectRef<CreatedCall>('AnonymousCall').implement({
  description: 'An anonymous outbound call task; connect to it with the SIP details via the vendor SDK.',
  fields: (t) => ({
    callSerialNo: t.exposeString('callSerialNo', {
      nullable: true,
      description: 'Identifies this outbound call.',
    }),
    sipServiceAddress: t.exposeString('sipServiceAddress', { description: 'SIP server as "host:port".' }),
    sipServerHost: t.exposeString('sipServerHost', { description: 'SIP server host.' }),
    sipServerPort: t.exposeInt('sipServerPort', { description: 'SIP server port.' }),
    accessCode: t.exposeString('accessCode', {
      description: 'What the SDK dials for a VoIP anonymous call: the access code followed by the call UVID.',
    }),
  }),
});

const CreateAnonymousCallInput = builder.inputType('CreateAnonymousCallInput', {
  description: 'The call to create.',
  fields: (t) => ({
    called: t.string({ required: true, description: 'Number to call, digits.', validate: phoneNumberRule }),
    callerPresent: t.string({
      description: 'Calling number shown to the called party; the platform default when omitted.',
      validate: phoneNumberRule,
    }),
    callData: t.string({
      description: 'Free data attached to the call (at most 1024 characters).',
      validate: { type: 'string', maxLength: [1024, { message: 'must be at most 1024 characters' }] },
    }),
  }),
});

builder.mutationField('createAnonymousCall', (t) =>
  t.field({
    type: AnonymousCallRef,
    requiredScope: 'cec:call',
    description:
      'Creates an anonymous outbound call task; needs the cec:call scope. Never retried automatically: ' +
      'when the outcome is unknown (UPSTREAM_OUTCOME_UNKNOWN) a call may have been placed.',
    args: {
      input: t.arg({ type: CreateAnonymousCallInput, required: true, description: 'The call to create.' }),
    },
    errors: {
      types: [CallCreationFailure, InputValidationFailure],
      directResult: true,
      union: {
        name: 'CreateAnonymousCallResult',
        description: 'The created call, or why it was not created.',
      },
    },
    resolve: async (_root, { input }, context) => {
      const outcome = await context.datasources.anonymousCalls.create({
        called: input.called,
        ...(input.callerPresent ? { callerPresent: input.callerPresent } : {}),
        ...(input.callData ? { callData: input.callData } : {}),
      });
      if (!outcome.ok) throw new CallCreationFailure(outcome);
      return outcome;
    },
  }),
);
