import { buildSchema, GraphQLError, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { repeatedFieldsRule } from '../../../src/server/repeated-fields-rule.js';

const schema = buildSchema('type Query { a: Int b: Int q: Query }');
const messagesOf = (query: string, max = 3) =>
  validate(schema, parse(query), [repeatedFieldsRule(max, (message) => new GraphQLError(message))]).map(
    (error) => error.message,
  );

describe('the repeated-fields rule', () => {
  it('allows a key up to the limit and distinct keys without limit', () => {
    expect(messagesOf('{ a a a b b b x: a y: a }')).toEqual([]);
  });

  it('refuses a key selected more often, naming it', () => {
    expect(messagesOf('{ a a a a }')).toEqual([
      '"a" is selected 4 times in one selection set; at most 3 are allowed (MAX_REPEATED_FIELDS).',
    ]);
    expect(messagesOf('{ x: b x: b x: b x: b }')).toEqual([
      expect.stringMatching(/^"x" is selected 4 times/),
    ]);
  });

  it('counts what inline fragments and fragment spreads add to a selection set', () => {
    expect(messagesOf('{ a ... on Query { a } ...A ...A } fragment A on Query { a }')).toEqual([
      expect.stringMatching(/^"a" is selected 4 times/),
    ]);
    expect(messagesOf('{ q { a a } q { a a } }')).toEqual([]);
  });

  it('survives fragment cycles (graphql-js reports those)', () => {
    expect(messagesOf('{ ...A } fragment A on Query { a ...B } fragment B on Query { a ...A }')).toEqual([]);
  });

  it('reports once per document', () => {
    expect(messagesOf('{ a a a a q { b b b b } }')).toHaveLength(1);
  });
});
