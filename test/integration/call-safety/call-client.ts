import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { expectNoGraphQLErrors, type GraphQLResponse, withToken } from '../../support/harness.js';

export const CREATE = `mutation Create($input: CreateAnonymousCallInput!) {
  createAnonymousCall(input: $input) {
    __typename
    ... on AnonymousCall { callSerialNo sipServiceAddress sipServerHost sipServerPort accessCode }
    ... on CallCreationError { message vendorCode reason }
    ... on InputValidationError { fieldErrors { field message } }
    ... on IdempotencyKeyConflict { message idempotencyKey }
    ... on CallOutcomeUnknown { message inProgress }
    ... on RateLimited { message retryAfterSeconds }
  }
}`;

export type CallResult = Record<string, unknown> & { __typename: string };

export interface CallInput {
  called: string;
  callerPresent?: string;
  callData?: string;
  idempotencyKey?: string;
}

/** What a test needs of a running app: its harness, or anything with the same two members. */
interface AppUnderTest {
  query<T>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  clientToken(options?: { subject?: string | null; scope?: string }): Promise<string>;
}

/**
 * A client of its own (a fresh JWT subject), so tests sharing one Redis never share keys or counters.
 * `send` returns the raw response; `create` expects a result without errors.
 */
export async function newClient(app: AppUnderTest, subject = `client-${randomUUID()}`) {
  const token = await app.clientToken({ subject, scope: 'cec:read cec:call' });
  const send = (input: CallInput, on: AppUnderTest = app) =>
    on.query<{ createAnonymousCall: CallResult }>(CREATE, { input }, withToken(token));
  return {
    subject,
    token,
    send,
    async create(input: CallInput, on: AppUnderTest = app): Promise<CallResult> {
      return expectNoGraphQLErrors(await send(input, on), CREATE).createAnonymousCall;
    },
  };
}

export function errorCodeOf(response: GraphQLResponse): unknown {
  expect(response.body.errors, JSON.stringify(response.body)).toHaveLength(1);
  return response.body.errors?.[0]?.extensions?.code;
}
