import { describe, expect, it } from 'vitest';
import {
  createLogger,
  type LoggerOptions,
  maskPhoneNumber,
  REDACTED,
  redact,
  TOO_DEEP,
} from '../../src/logger.js';

function collect(options: Partial<LoggerOptions> = {}) {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => lines.push(line), ...options });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

describe('the logger', () => {
  it('writes one pino JSON line per event, level as a name, ISO time, message under msg', () => {
    const { logger, lines, records } = collect();
    logger.info('hello', { port: 4000 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(records()[0]).toEqual({ level: 'info', time: expect.any(String), msg: 'hello', port: 4000 });
    expect(new Date(String(records()[0]?.time)).toISOString()).toBe(records()[0]?.time);
  });

  it('drops lines below its level, and all of them when silent', () => {
    const { logger, records } = collect({ level: 'warn' });
    logger.debug('no');
    logger.info('no');
    logger.warn('yes');
    logger.error('yes too');
    expect(records().map((r) => r.level)).toEqual(['warn', 'error']);
    const silent = collect({ level: 'silent' });
    silent.logger.error('no');
    expect(silent.lines).toEqual([]);
  });

  it('binds fields in children; a call’s own fields win', () => {
    const { logger, records } = collect({ fields: { service: 'cec' } });
    logger.child({ component: 'upstream', attempt: 1 }).warn('retry', { attempt: 2 });
    expect(records()[0]).toMatchObject({ service: 'cec', component: 'upstream', attempt: 2, msg: 'retry' });
  });

  it('redacts secret-looking fields at any depth it checks, and logs errors as name and message', () => {
    const { logger, lines, records } = collect();
    logger.error('failed', {
      app_secret: 's1',
      appSecret: 's2',
      nested: { password: 's3', list: [{ token: 's4' }, { authorization: 'Bearer s5' }] },
      sk: 's6',
      signature: 's7',
      secretKey: 's8',
      ok: 'visible',
      error: Object.assign(new Error('boom'), { token: 's9' }),
    });
    expect(records()[0]).toMatchObject({
      app_secret: REDACTED,
      appSecret: REDACTED,
      nested: { password: REDACTED, list: [{ token: REDACTED }, { authorization: REDACTED }] },
      sk: REDACTED,
      signature: REDACTED,
      secretKey: REDACTED,
      ok: 'visible',
      error: { name: 'Error', message: 'boom' },
    });
    for (const secret of ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9'])
      expect(lines[0]).not.toContain(`"${secret}`);
  });

  it('drops what is nested too deep to be checked instead of writing it unchecked', () => {
    const { logger, lines } = collect();
    logger.info('deep', { a: { b: { c: { d: { e: { f: { g: { password: 'deep-secret' } } } } } } } });
    expect(lines[0]).not.toContain('deep-secret');
    expect(lines[0]).toContain(TOO_DEEP);
  });

  it('masks phone numbers by default, keeping the last four digits', () => {
    const { logger, records } = collect();
    logger.info('call', {
      caller: '13800001234',
      called: 88884432,
      callerPresent: '95599',
      input: { callee: '02188889999', callerNumber: '13912345678', phoneNumber: '1001' },
      softphone: '80010001',
      endpoint: 'queryPhone',
    });
    expect(records()[0]).toMatchObject({
      caller: '*******1234',
      called: '****4432',
      callerPresent: '*5599',
      input: { callee: '*******9999', callerNumber: '*******5678', phoneNumber: '****' },
      softphone: '****0001',
      endpoint: 'queryPhone',
    });
  });

  it('logs phone numbers in full with LOG_PHONE_NUMBERS=full', () => {
    const { logger, records } = collect({ phoneNumbers: 'full' });
    logger.info('call', { caller: '13800001234', password: 'x' });
    expect(records()[0]).toMatchObject({ caller: '13800001234', password: REDACTED });
  });

  it('writes human-readable lines with LOG_FORMAT=pretty, masked and redacted the same', () => {
    const { logger, lines } = collect({ format: 'pretty' });
    logger.info('hello there', { caller: '13800001234', token: 'tok-secret' });
    expect(lines).toHaveLength(1);
    expect(() => JSON.parse(lines[0] ?? '')).toThrow();
    expect(lines[0]).toMatch(/INFO.*hello there/);
    expect(lines[0]).toContain('*******1234');
    expect(lines[0]).not.toContain('13800001234');
    expect(lines[0]).not.toContain('tok-secret');
  });
});

describe('redact (shared with the simulator’s request log)', () => {
  it('redacts secrets but leaves phone numbers and what lies past its depth', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: { password: 'p' } } } } } } } };
    expect(redact({ caller: '13800001234', app_secret: 'x', deep })).toEqual({
      caller: '13800001234',
      app_secret: REDACTED,
      deep,
    });
  });

  it('maskPhoneNumber hides all but the last four, or everything when that short', () => {
    expect(maskPhoneNumber('13800001234')).toBe('*******1234');
    expect(maskPhoneNumber('1234')).toBe('****');
    expect(maskPhoneNumber('')).toBe('');
  });
});
