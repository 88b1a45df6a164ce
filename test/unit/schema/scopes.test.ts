import SchemaBuilder from '@pothos/core';
import { GraphQLObjectType, GraphQLSchema, GraphQLString, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { scopesOf, type Viewer } from '../../../src/auth/client/viewer.js';
import { schema } from '../../../src/schema/index.js';
import ClientScopesPlugin, { guardRootFields } from '../../../src/schema/scopes.js';

const viewer = (...scopes: string[]): Viewer => ({ subject: 'unit', scopes: new Set(scopes) });

function tinyBuilder() {
  const builder = new SchemaBuilder<{ Context: { viewer: Viewer } }>({ plugins: [ClientScopesPlugin] });
  builder.queryType({});
  return builder;
}

describe('guardRootFields', () => {
  it('refuses a schema with a root field that declares no scope, naming it', () => {
    const builder = tinyBuilder();
    builder.queryField('checked', (t) => t.string({ requiredScope: 'cec:read', resolve: () => 'ok' }));
    builder.queryField('forgotten', (t) => t.string({ resolve: () => 'leak' }));
    builder.mutationType({});
    builder.mutationField('alsoForgotten', (t) => t.string({ resolve: () => 'leak' }));
    expect(() => guardRootFields(builder.toSchema())).toThrow(
      'Root fields without a requiredScope: Query.forgotten, Mutation.alsoForgotten',
    );
  });

  it('also refuses a root field added outside Pothos', () => {
    const query = new GraphQLObjectType({ name: 'Query', fields: { raw: { type: GraphQLString } } });
    expect(() => guardRootFields(new GraphQLSchema({ query }))).toThrow('Query.raw');
  });

  it('puts every root field of the real schema under a scope', () => {
    const scopes = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
      Object.values(type?.getFields() ?? {}).map((field) => [
        `${type?.name}.${field.name}`,
        field.extensions.requiredScope,
      ]),
    );
    expect(scopes.filter(([, scope]) => scope === undefined)).toEqual([]);
    expect(scopes).toContainEqual(['Mutation.createAnonymousCall', 'cec:call']);
    expect(scopes).toContainEqual(['Query._entities', 'cec:read']);
    expect(schema.getType('Softphone')?.toConfig()).toMatchObject({
      fields: { password: { extensions: { requiredScope: 'cec:softphone:secrets' } } },
    });
  });

  it('checks the scope of a field of any type, FORBIDDEN on that field only', async () => {
    const builder = tinyBuilder();
    const Box = builder.objectRef<{ secret: string }>('Box').implement({
      fields: (t) => ({
        open: t.string({ resolve: () => 'open' }),
        secret: t.exposeString('secret', { nullable: true, requiredScope: 'cec:softphone:secrets' }),
      }),
    });
    builder.queryField('box', (t) =>
      t.field({ type: Box, requiredScope: 'cec:read', resolve: () => ({ secret: 's3cr3t' }) }),
    );
    const tiny = guardRootFields(builder.toSchema());
    const run = (scopes: string[]) =>
      graphql({
        schema: tiny,
        source: '{ box { open secret } }',
        contextValue: { viewer: viewer(...scopes) },
      });

    const reader = await run(['cec:read']);
    expect(reader.data).toEqual({ box: { open: 'open', secret: null } });
    expect(reader.errors?.map((e) => [e.path, e.extensions])).toEqual([
      [['box', 'secret'], { code: 'FORBIDDEN', requiredScope: 'cec:softphone:secrets' }],
    ]);
    expect((await run(['cec:read', 'cec:softphone:secrets'])).data).toEqual({
      box: { open: 'open', secret: 's3cr3t' },
    });
    expect((await run([])).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('scopesOf', () => {
  it('reads a space-separated scope string and an scp array, together or alone', () => {
    expect([...scopesOf({ scope: 'cec:read  cec:call' })]).toEqual(['cec:read', 'cec:call']);
    expect([...scopesOf({ scp: ['cec:read', 'cec:softphone:secrets'] })]).toEqual([
      'cec:read',
      'cec:softphone:secrets',
    ]);
    expect([...scopesOf({ scope: 'cec:read', scp: ['cec:call'] })]).toEqual(['cec:read', 'cec:call']);
    expect([...scopesOf({ scp: 'cec:read cec:call' })]).toEqual(['cec:read', 'cec:call']);
  });

  it('grants nothing for a missing or malformed claim', () => {
    expect(scopesOf({}).size).toBe(0);
    expect(scopesOf({ scope: 42, scp: [1, null, { scope: 'cec:read' }] }).size).toBe(0);
  });
});
