import { describe, expect, it } from 'vitest';
import { schema } from '../../../src/schema/index.js';

const dateTime = schema.getType('DateTime');
if (!dateTime || !('parseValue' in dateTime)) throw new Error('DateTime scalar missing');

describe('DateTime', () => {
  it('parses ISO-8601 with Z or an offset, and serialises UTC with milliseconds', () => {
    expect((dateTime.parseValue('2026-11-22T08:30:00+08:00') as Date).toISOString()).toBe(
      '2026-11-22T00:30:00.000Z',
    );
    expect((dateTime.parseValue('2026-11-22T00:30Z') as Date).getTime()).toBe(Date.UTC(2026, 10, 22, 0, 30));
    expect(dateTime.serialize(Date.UTC(2026, 10, 22, 0, 30, 1, 5))).toBe('2026-11-22T00:30:01.005Z');
  });

  it('rejects local times, impossible dates and non-strings', () => {
    expect(() => dateTime.parseValue('2026-11-22T08:30:00')).toThrow(/offset or Z/);
    expect(() => dateTime.parseValue('2026-11-31T00:00:00Z')).toThrow(/not a valid date/);
    expect(() => dateTime.parseValue('2026-02-29T00:00:00Z')).toThrow(/not a valid date/);
    expect(() => dateTime.parseValue('2026-11-22T24:00:00Z')).toThrow(/not a valid date/);
    expect((dateTime.parseValue('2028-02-29T00:00:00Z') as Date).getUTCDate()).toBe(29);
    expect(() => dateTime.parseValue(1_700_000_000_000)).toThrow(/ISO-8601/);
  });
});
