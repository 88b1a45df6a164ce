import { describe, expect, it } from 'vitest';
import { limitedParse, ParseLimitError } from '../../../src/server/limited-parser.js';

const parse = limitedParse({ maxTokens: 2_000, maxDepth: 15 });
const lifted = limitedParse({ maxTokens: 10_000_000, maxDepth: 15 });

const failureOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the parse to fail');
};

describe('the limited parser', () => {
  it('parses what fits', () => {
    const document = parse('query($v: [[Int]]) { a(x: [[1]], y: { z: { w: 1 } }) { ... on T { b { c } } } }');
    expect(document.definitions).toHaveLength(1);
  });

  it('stops at the token limit, with its code', () => {
    const error = failureOf(() => parse(`{ ${'a '.repeat(2_000)}}`));
    expect(error).toBeInstanceOf(ParseLimitError);
    expect(error).toMatchObject({
      message: 'The document has more than 2000 tokens (MAX_TOKENS).',
      extensions: { code: 'MAX_TOKENS_EXCEEDED', limit: 'MAX_TOKENS', max: 2000 },
    });
    expect(() => parse(`{ ${'a '.repeat(1_997)}}`)).not.toThrow();
  });

  it.each([
    ['selection sets', (n: number) => `{ ${'a { '.repeat(n)}b${' }'.repeat(n)} }`],
    ['inline fragments', (n: number) => `{ ${'... on Q { '.repeat(n)}b${' }'.repeat(n)} }`],
    ['list values', (n: number) => `{ a(x: ${'['.repeat(n)}1${']'.repeat(n)}) }`],
    ['object values', (n: number) => `{ a(x: ${'{ a: '.repeat(n)}1${' }'.repeat(n)}) }`],
    ['list types', (n: number) => `query($v: ${'['.repeat(n)}Int${']'.repeat(n)}) { a }`],
  ])('refuses %s nested 100 000 deep as MAX_DEPTH_EXCEEDED, not a stack overflow', (_, document) => {
    expect(() => lifted(document(29))).not.toThrow();
    const error = failureOf(() => lifted(document(100_000)));
    expect(error).toBeInstanceOf(ParseLimitError);
    expect(error).toMatchObject({
      message: 'The document nests more than 30 levels deep; fields may nest at most 15 deep (MAX_DEPTH).',
      extensions: { code: 'MAX_DEPTH_EXCEEDED' },
    });
  });
});
