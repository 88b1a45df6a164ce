import { describe, expect, it } from 'vitest';
import { queryWindow, startOfDay, startOfDayOffset } from '../../../src/simulator/time-window.js';

describe('queryWindow', () => {
  it('spans 00:00:00 yesterday to 23:59:59 today in UTC', () => {
    const w = queryWindow(Date.UTC(2024, 9, 31, 14, 6, 52), 'UTC');
    expect(w.earliest).toBe(Date.UTC(2024, 9, 30));
    expect(w.latest).toBe(Date.UTC(2024, 9, 31, 23, 59, 59));
    expect(w.startOfToday).toBe(Date.UTC(2024, 9, 31));
    expect(w.startOfTomorrow).toBe(Date.UTC(2024, 10, 1));
  });

  it('follows the local calendar of the zone', () => {
    // 20:00Z on 31 Oct is already 1 Nov 04:00 in Shanghai (UTC+8).
    const w = queryWindow(Date.UTC(2024, 9, 31, 20), 'Asia/Shanghai');
    expect(w.startOfToday).toBe(Date.UTC(2024, 9, 31, 16));
    expect(w.earliest).toBe(Date.UTC(2024, 9, 30, 16));
    expect(w.latest).toBe(Date.UTC(2024, 10, 1, 15, 59, 59));
  });

  it('handles a 25-hour DST day (Europe/Berlin, 27 Oct 2024)', () => {
    const now = Date.UTC(2024, 9, 27, 12);
    const w = queryWindow(now, 'Europe/Berlin');
    expect(w.startOfToday).toBe(Date.UTC(2024, 9, 26, 22)); // 00:00 CEST
    expect(w.startOfTomorrow).toBe(Date.UTC(2024, 9, 27, 23)); // 00:00 CET
    expect(w.startOfTomorrow - w.startOfToday).toBe(25 * 3_600_000);
    expect(w.earliest).toBe(Date.UTC(2024, 9, 25, 22));
  });

  it('treats the instant of midnight as the start of the new day', () => {
    expect(startOfDay(Date.UTC(2024, 0, 1), 'UTC')).toBe(Date.UTC(2024, 0, 1));
    expect(startOfDay(Date.UTC(2024, 0, 1) - 1, 'UTC')).toBe(Date.UTC(2023, 11, 31));
    expect(startOfDayOffset(Date.UTC(2024, 2, 1, 5), -1, 'UTC')).toBe(Date.UTC(2024, 1, 29));
  });
});
