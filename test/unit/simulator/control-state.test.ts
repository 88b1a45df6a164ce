import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { IpLock, LOCK_POLICY } from '../../../src/simulator/auth/ip-lock.js';
import { TokenStore } from '../../../src/simulator/auth/token-store.js';
import { FaultTable } from '../../../src/simulator/control/faults.js';
import { REQUEST_LOG_CAPACITY, RequestLog } from '../../../src/simulator/control/request-log.js';

describe('FaultTable', () => {
  it('uses the oldest fault for the endpoint and drops it when its times run out', () => {
    const table = new FaultTable();
    table.add({ endpoint: 'queryPhone', status: 500, times: 2 });
    table.add({ endpoint: 'queryPhone', status: 502 });
    table.add({ endpoint: 'createcall', drop: true, times: 1 });
    expect(table.take('queryAccessCodeList')).toBeUndefined();
    expect(table.take('queryPhone')?.status).toBe(500);
    expect(table.take('queryPhone')?.status).toBe(500);
    expect(table.take('queryPhone')?.status).toBe(502);
    expect(table.take('queryPhone')?.status).toBe(502);
    expect(table.take('createcall')?.drop).toBe(true);
    expect(table.take('createcall')).toBeUndefined();
    table.clear();
    expect(table.list()).toEqual([]);
  });
});

describe('IpLock', () => {
  it('locks after maxFailures inside the window, per address, for lockMs', () => {
    const clock = new ManualClock(0);
    const lock = new IpLock(clock);
    for (let i = 0; i < LOCK_POLICY.maxFailures - 1; i++) lock.recordFailure('a');
    expect(lock.isLocked('a')).toBe(false);
    lock.recordFailure('a');
    expect(lock.isLocked('a')).toBe(true);
    expect(lock.isLocked('b')).toBe(false);
    clock.advance(LOCK_POLICY.lockMs);
    expect(lock.isLocked('a')).toBe(false);
    lock.recordFailure('a');
    expect(lock.isLocked('a')).toBe(false);
  });
});

describe('TokenStore', () => {
  it('expires by the clock and revokes everything', () => {
    const clock = new ManualClock(1_000);
    const store = new TokenStore(clock);
    const token = store.issue('app', 10);
    expect(store.check(token.accessToken).ok).toBe(true);
    clock.advance(10_000);
    expect(store.check(token.accessToken)).toEqual({ ok: false, reason: 'expired' });
    const live = store.issue('app', 10);
    expect(store.revokeAll()).toBe(1);
    expect(store.check(live.accessToken)).toEqual({ ok: false, reason: 'unknown' });
  });
});

describe('RequestLog', () => {
  it('keeps the newest entries, redacts secrets and summarises bodies that are not JSON objects', () => {
    const log = new RequestLog();
    const base = { at: 0, endpoint: 'tokenByAkSk', method: 'POST', path: '/', status: 200 } as const;
    log.record({
      ...base,
      rawBody: Buffer.from('{"app_key":"k","app_secret":"s","nested":{"password":"p"}}'),
    });
    expect(log.list()[0]?.body).toEqual({
      app_key: 'k',
      app_secret: '[REDACTED]',
      nested: { password: '[REDACTED]' },
    });
    log.record({ ...base, rawBody: Buffer.from('app_key=k&app_secret=s') });
    expect(log.list()[1]?.body).toBe('[unparsed 22 bytes]');
    log.record({ ...base, rawBody: Buffer.from('["s"]') });
    expect(log.list()[2]?.body).toBe('[non-object JSON 5 bytes]');
    for (let i = 0; i < REQUEST_LOG_CAPACITY; i++) log.record({ ...base, rawBody: Buffer.alloc(0) });
    const entries = log.list();
    expect(entries).toHaveLength(REQUEST_LOG_CAPACITY);
    expect(entries[0]?.seq).toBe(4);
    expect(entries.at(-1)?.body).toBeNull();
  });
});
