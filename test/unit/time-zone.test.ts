import { describe, expect, it } from 'vitest';
import { callRecordWindow } from '../../src/datasources/call-record-window.js';
import { queryWindow, startOfDay } from '../../src/simulator/time-window.js';
import { calendarDate } from '../../src/time-zone.js';

const DAY = 86_400_000;
const dateKey = (epochMs: number, zone: string) => {
  const { year, month, day } = calendarDate(epochMs, zone);
  return year * 10_000 + month * 100 + day;
};
// Zones whose DST starts at local midnight, so that midnight does not exist on that day.
const MIDNIGHT_DST_ZONES = ['America/Santiago', 'America/Havana', 'America/Asuncion'];

describe('local days', () => {
  it('start where the DST jump skips midnight (the first instant of the day is 01:00)', () => {
    expect(startOfDay(Date.UTC(2024, 8, 8, 12), 'America/Santiago')).toBe(Date.UTC(2024, 8, 8, 4));
    expect(startOfDay(Date.UTC(2024, 2, 10, 12), 'America/Havana')).toBe(Date.UTC(2024, 2, 10, 5));
  });

  it('start at the instant the local date changes, every day of two years, in every kind of zone', () => {
    const zones = [...MIDNIGHT_DST_ZONES, 'UTC', 'Europe/Berlin', 'Asia/Shanghai', 'Pacific/Chatham'];
    for (const zone of zones) {
      for (let noon = Date.UTC(2024, 0, 1, 12); noon < Date.UTC(2026, 0, 1); noon += DAY) {
        const start = startOfDay(noon, zone);
        expect(dateKey(start, zone), `${zone} ${new Date(noon).toISOString()}`).toBe(dateKey(noon, zone));
        expect(dateKey(start - 1, zone)).toBeLessThan(dateKey(noon, zone));
      }
    }
  });

  it('give the simulator the same querycalls window as the client, also on DST days', () => {
    for (const zone of MIDNIGHT_DST_ZONES) {
      for (let now = Date.UTC(2024, 0, 1, 3); now < Date.UTC(2025, 0, 1); now += DAY / 2) {
        const simulator = queryWindow(now, zone);
        const client = callRecordWindow(now, zone);
        expect(simulator.earliest, `${zone} ${new Date(now).toISOString()}`).toBe(client.earliest);
        expect(Math.floor(client.latest / 1000) * 1000).toBe(simulator.latest);
      }
    }
  });
});
