import type { ValidationOptions } from '@pothos/plugin-zod';
import { GraphQLError } from 'graphql';
import { type GuardedAnswer, StoreUnavailableError } from '../call-safety/index.js';
import {
  CALL_CREATION_FAILURES,
  type CallCreationFailureReason,
  type CreatedCall,
  type RefusedCall,
} from '../datasources/anonymous-calls.js';
import type { Logger } from '../logger.js';
import { builder } from './builder.js';
import { type FieldError, InputValidationFailure } from './input-validation.js';
import { phoneNumberRule } from './validation-rules.js';

/** 1–128 printable ASCII characters (space to tilde): a UUID, a ULID, a request id. */
const idempotencyKeyRule: ValidationOptions<string> = {
  type: 'string',
  minLength: [1, { message: 'must not be empty' }],
  maxLength: [128, { message: 'must be at most 128 characters' }],
  regex: [/^[\x20-\x7e]*$/, { message: 'must be printable ASCII characters (space to ~)' }],
};

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
    reason: t.expose('reason', {
      type: CallCreationFailureReasonEnum,
      description: 'The failure, as an enum.',
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
    fieldErrors: t.expose('fieldErrors', {
      type: [FieldErrorRef],
      description: 'One entry per problem.',
    }),
  }),
});

/** The idempotency key was used before, by this client, with another input: no call was placed. */
export class IdempotencyKeyConflict extends Error {
  constructor(readonly idempotencyKey: string) {
    super(
      'This idempotencyKey was already used with a different input; no call was placed. Use a new key ' +
        'for a new call, or repeat the first input exactly.',
    );
    this.name = 'IdempotencyKeyConflict';
  }
}

builder.objectType(IdempotencyKeyConflict, {
  name: 'IdempotencyKeyConflict',
  description: 'The idempotency key was already used with a different input; no call was placed.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What happened and what to do.' }),
    idempotencyKey: t.exposeString('idempotencyKey', { description: 'The key, as sent.' }),
  }),
});

/** A repeat of a first attempt whose outcome is not known: it placed no call of its own. */
export class CallOutcomeUnknown extends Error {
  constructor(readonly inProgress: boolean) {
    super(
      inProgress
        ? 'The first attempt with this idempotencyKey is still running; no call was placed by this request. ' +
            'Ask again with the same key to get its outcome.'
        : 'The first attempt with this idempotencyKey may have placed a call, and its outcome cannot be known; ' +
            'no call was placed by this request, and none will be placed with this key.',
    );
    this.name = 'CallOutcomeUnknown';
  }
}

builder.objectType(CallOutcomeUnknown, {
  name: 'CallOutcomeUnknown',
  description:
    'A repeat with an idempotency key whose first attempt may or may not have placed the call (it ' +
    'failed with UPSTREAM_OUTCOME_UNKNOWN, or its server stopped mid-call). This request placed no call.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What happened and what to do.' }),
    inProgress: t.exposeBoolean('inProgress', {
      description:
        'True: the first attempt was still running when this request gave up waiting; asking again with ' +
        'the same key gets its outcome. False: its outcome will never be known here.',
    }),
  }),
});

/** The client placed CALL_RATE_LIMIT_PER_MINUTE calls in this minute: no call was placed. */
export class RateLimited extends Error {
  constructor(
    readonly limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      `At most ${limit} calls per minute are allowed per client (CALL_RATE_LIMIT_PER_MINUTE); no call was ` +
        `placed. Try again in ${retryAfterSeconds} s.`,
    );
    this.name = 'RateLimited';
  }
}

builder.objectType(RateLimited, {
  name: 'RateLimited',
  description: 'The client has placed as many calls as it may this minute; no call was placed.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'The limit, and when to try again.' }),
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', {
      description: 'Seconds until a call will be accepted again.',
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
    idempotencyKey: t.string({
      description:
        'A key of your choosing (1–128 printable ASCII characters, e.g. a UUID) that makes retrying safe: ' +
        'a repeat with the same key and input, from the same client and within IDEMPOTENCY_TTL_SECONDS, ' +
        "returns the first attempt's result and places no second call, on any replica. Without a key " +
        'every request places a call, so retrying one is unsafe.',
      validate: idempotencyKeyRule,
    }),
  }),
});

builder.mutationField('createAnonymousCall', (t) =>
  t.field({
    type: AnonymousCallRef,
    requiredScope: 'cec:call',
    description:
      'Creates an anonymous outbound call task; needs the cec:call scope. Never retried automatically: ' +
      'when the outcome is unknown (UPSTREAM_OUTCOME_UNKNOWN) a call may have been placed. Send an ' +
      'idempotencyKey to retry safely; without one a retry places another call. At most ' +
      'CALL_RATE_LIMIT_PER_MINUTE calls per client and minute (RateLimited). When the store of keys and ' +
      'limits is unreachable no call is placed (IDEMPOTENCY_STORE_UNAVAILABLE).',
    args: {
      input: t.arg({ type: CreateAnonymousCallInput, required: true, description: 'The call to create.' }),
    },
    errors: {
      types: [
        CallCreationFailure,
        InputValidationFailure,
        IdempotencyKeyConflict,
        CallOutcomeUnknown,
        RateLimited,
      ],
      directResult: true,
      union: {
        name: 'CreateAnonymousCallResult',
        description: 'The created call, or why it was not created.',
      },
    },
    resolve: async (_root, { input }, context) => {
      const request = {
        called: input.called,
        ...(input.callerPresent ? { callerPresent: input.callerPresent } : {}),
        ...(input.callData ? { callData: input.callData } : {}),
      };
      const idempotencyKey = input.idempotencyKey ?? null;
      let answer: GuardedAnswer;
      try {
        answer = await context.callSafety.guard.place({
          client: context.viewer.subject,
          idempotencyKey,
          request,
          place: () => context.datasources.anonymousCalls.create(request, context.operation),
          logger: context.logger,
          operation: context.operation,
        });
      } catch (error) {
        if (error instanceof StoreUnavailableError) throw storeUnavailable(error, context.logger);
        throw error;
      }
      switch (answer.kind) {
        case 'created':
          return answer.call;
        case 'refused':
          throw new CallCreationFailure(answer.refusal);
        case 'conflict':
          throw new IdempotencyKeyConflict(idempotencyKey ?? '');
        case 'unknown':
          throw new CallOutcomeUnknown(answer.inProgress);
        case 'rate-limited':
          throw new RateLimited(answer.limit, answer.retryAfterSeconds);
      }
    },
  }),
);

/** Fail closed: without the store neither a key nor the call limit can be honoured, so nothing is called. */
function storeUnavailable(error: StoreUnavailableError, logger: Logger): GraphQLError {
  logger.warn('createAnonymousCall refused: the idempotency store is unavailable', { error });
  return new GraphQLError(
    'The store of idempotency keys and call limits is unavailable; no call was placed. Try again shortly ' +
      '(a new idempotencyKey is safe: this attempt placed nothing).',
    { extensions: { code: error.code } },
  );
}
