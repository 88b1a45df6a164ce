import { describe, expect, it } from 'vitest';
import {
  assertInCallRecordWindow,
  CallRecordWindowError,
  callRecordWindow,
} from '../../../src/datasources/call-record-window.js';

const iso = (ms: number) => new Date(ms).toISOString();
const window = (now: string, zone: string) => {
  const w = callRecordWindow(Date.parse(now), zone);
  return { earliest: iso(w.earliest), latest: iso(w.latest) };
};

describe('callRecordWindow', () => {
  it('spans yesterday 00:00 to today 23:59:59.999 in UTC', () => {
    expect(window('2026-11-22T10:30:00Z', 'UTC')).toEqual({
      earliest: '2026-11-21T00:00:00.000Z',
      latest: '2026-11-22T23:59:59.999Z',
    });
  });

  it('counts days in the given zone', () => {
    expect(window('2026-11-22T10:30:00Z', 'Asia/Shanghai')).toEqual({
      earliest: '2026-11-20T16:00:00.000Z',
      latest: '2026-11-22T15:59:59.999Z',
    });
    // 20:30 UTC is already the 23rd in Shanghai.
    expect(window('2026-11-22T20:30:00Z', 'Asia/Shanghai')).toEqual({
      earliest: '2026-11-21T16:00:00.000Z',
      latest: '2026-11-23T15:59:59.999Z',
    });
    expect(window('2026-01-01T12:00:00Z', 'Pacific/Kiritimati').earliest).toBe('2025-12-31T10:00:00.000Z');
  });

  it('is DST-safe (23- and 25-hour days)', () => {
    // Europe/Berlin springs forward on 2026-03-29 and falls back on 2026-10-25.
    expect(window('2026-03-30T12:00:00Z', 'Europe/Berlin')).toEqual({
      earliest: '2026-03-28T23:00:00.000Z',
      latest: '2026-03-30T21:59:59.999Z',
    });
    expect(window('2026-10-26T12:00:00Z', 'Europe/Berlin')).toEqual({
      earliest: '2026-10-24T22:00:00.000Z',
      latest: '2026-10-26T22:59:59.999Z',
    });
    expect(window('2026-03-09T12:00:00Z', 'America/New_York')).toEqual({
      earliest: '2026-03-08T05:00:00.000Z',
      latest: '2026-03-10T03:59:59.999Z',
    });
  });

  it('handles a DST jump that skips midnight itself (America/Santiago, 2024-09-08)', () => {
    expect(window('2024-09-09T12:00:00Z', 'America/Santiago')).toEqual({
      // The 8th began at 01:00 -03 because 00:00 -04 never happened.
      earliest: '2024-09-08T04:00:00.000Z',
      latest: '2024-09-10T02:59:59.999Z',
    });
  });

  it('includes both ends and names the window in ISO-8601 when refusing', () => {
    const now = Date.parse('2026-11-22T10:30:00Z');
    const window = callRecordWindow(now, 'UTC');
    const { earliest, latest } = window;
    expect(() => assertInCallRecordWindow({ from: earliest, to: latest }, window, 'UTC')).not.toThrow();
    let error: unknown;
    try {
      assertInCallRecordWindow({ from: earliest - 1, to: latest }, window, 'UTC');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CallRecordWindowError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', window: { earliest, latest }, timeZone: 'UTC' });
    expect((error as Error).message).toContain('2026-11-21T00:00:00.000Z');
    expect((error as Error).message).toContain('2026-11-22T23:59:59.999Z');
  });
});
