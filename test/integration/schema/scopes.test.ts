import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { CLIENT_SCOPES } from '../../../src/auth/client/viewer.js';
import { schema } from '../../../src/schema/index.js';
import {
  expectNoGraphQLErrors,
  HARNESS_NOW,
  TEST_JWT_SECRET,
  useHarness,
  withToken,
} from '../../support/harness.js';

const harness = useHarness({ env: { AUTH_JWT_SECRET: TEST_JWT_SECRET }, resetEach: true });

/** Every scope but one, so that only the missing one can explain a FORBIDDEN. */
const allScopesBut = (missing: string) => CLIENT_SCOPES.filter((scope) => scope !== missing).join(' ');

/** Vendor calls made since the last reset (the upstream token fetch aside). */
function vendorCalls(): number {
  const { tokenByAkSk: _token, ...calls } = harness.simulator.control.counts();
  return Object.values(calls).reduce((sum, count) => sum + count, 0);
}

/** A value the type accepts: only required input fields are filled in. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => [field.name, sample(field.type)]),
    );
  }
  switch (type.name) {
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTime':
      return new Date(HARNESS_NOW).toISOString();
    case '_Any':
      return { __typename: 'AccessCode', accessCode: '9911301' };
    default:
      return '9911301';
  }
}

/** One operation selecting `field` alone, with every required argument as a variable. */
function operationFor(
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
): { text: string; variables: Record<string, unknown> } {
  const required = field.args.filter((arg) => isNonNullType(arg.type));
  const definitions = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const args = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    text: `${kind}${definitions ? `(${definitions})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
    variables: Object.fromEntries(required.map((arg) => [arg.name, sample(arg.type)])),
  };
}

const fieldsOf = (type: GraphQLObjectType | null | undefined) => Object.values(type?.getFields() ?? {});

describe('scopes per field', () => {
  it('refuses every Query field, federation fields included, without cec:read and calls no vendor', async () => {
    const fields = fieldsOf(schema.getQueryType());
    // Guards against a vacuous pass: the list holds the root fields this test was written against.
    expect(fields.map((field) => field.name)).toEqual(
      expect.arrayContaining([
        'accessCodes',
        'softphones',
        'callRecords',
        'calledInfo',
        '_entities',
        '_service',
      ]),
    );
    const token = await harness.clientToken({ scope: allScopesBut('cec:read') });
    for (const field of fields) {
      const { text, variables } = operationFor('query', field);
      const response = await harness.query(text, variables, withToken(token));
      expect(response.status, text).toBe(200);
      expect(response.body.errors, text).toEqual([
        expect.objectContaining({
          path: [field.name],
          extensions: { code: 'FORBIDDEN', requiredScope: 'cec:read' },
        }),
      ]);
    }
    expect(vendorCalls()).toBe(0);
  });

  it('refuses every Mutation field without its scope (createAnonymousCall: cec:call) and places no call', async () => {
    const fields = fieldsOf(schema.getMutationType());
    expect(fields.map((field) => [field.name, field.extensions.requiredScope])).toContainEqual([
      'createAnonymousCall',
      'cec:call',
    ]);
    for (const field of fields) {
      const scope = String(field.extensions.requiredScope);
      const token = await harness.clientToken({ scope: allScopesBut(scope) });
      const { text, variables } = operationFor('mutation', field);
      const response = await harness.query(text, variables, withToken(token));
      expect(response.body.errors, text).toEqual([
        expect.objectContaining({
          path: [field.name],
          extensions: { code: 'FORBIDDEN', requiredScope: scope },
        }),
      ]);
    }
    expect(harness.simulator.control.counts().createcall).toBe(0);
  });

  it('checks the scope before validating the input of createAnonymousCall', async () => {
    const token = await harness.clientToken({ scope: 'cec:read' });
    const response = await harness.query(
      'mutation { createAnonymousCall(input: { called: "call-me" }) { __typename } }',
      undefined,
      withToken(token),
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('places a call with cec:call', async () => {
    const token = await harness.clientToken({ scope: 'cec:call' });
    const data = expectNoGraphQLErrors(
      await harness.query<{ createAnonymousCall: { __typename: string } }>(
        'mutation { createAnonymousCall(input: { called: "88884432" }) { __typename } }',
        undefined,
        withToken(token),
      ),
    );
    expect(data.createAnonymousCall.__typename).toBe('AnonymousCall');
    expect(harness.simulator.control.counts().createcall).toBe(1);
  });

  it('refuses a root field while its siblings resolve', async () => {
    // cec:call alone: the query fields are forbidden, __typename still answers.
    const token = await harness.clientToken({ scope: 'cec:call' });
    const response = await harness.query(
      '{ __typename softphones(first: 1) { totalCount } registrationNodes { mode } }',
      undefined,
      withToken(token),
    );
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ __typename: 'Query', softphones: null, registrationNodes: null });
    expect(response.body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['softphones'], 'FORBIDDEN'],
      [['registrationNodes'], 'FORBIDDEN'],
    ]);
    expect(vendorCalls()).toBe(0);
  });
});
