import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExactJson } from '../../../src/datasources/vendor/exact-json.js';

describe('parseExactJson', () => {
  it('keeps every digit of integers above 2^53 and leaves everything else as JSON.parse does', () => {
    expect(parseExactJson('{"id":1124167935465633793,"n":12,"t":1615717765000}')).toEqual({
      id: '1124167935465633793',
      n: 12,
      t: 1615717765000,
    });
    expect(
      parseExactJson(
        '{"s":"1124167935465633793 in a string","x":-12345678901234567,"f":0.12345678901234567}',
      ),
    ).toEqual({
      s: '1124167935465633793 in a string',
      x: '-12345678901234567',
      f: Number('0.12345678901234567'),
    });
    expect(parseExactJson('{"e":1.5e1234567890123456}')).toEqual(JSON.parse('{"e":1.5e1234567890123456}'));
  });

  it('agrees with JSON.parse on any value without long integers, and keeps long ones exact', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.bigInt({ min: 2n ** 53n, max: 2n ** 63n }), (value, wide) => {
        const text = JSON.stringify(value);
        if (!/\d{16}/.test(text)) expect(parseExactJson(text)).toEqual(JSON.parse(text));
        expect(parseExactJson(`{"id":${wide},"v":${text}}`)).toMatchObject({ id: wide.toString() });
      }),
    );
  });
});
