import { describe, expect, it } from 'vitest';
import type { Datasources } from '../../../src/datasources/registry.js';
import { expectNoGraphQLErrors, useHarness } from '../../support/harness.js';

type Line = Record<string, unknown>;
const parsed = (lines: string[]): Line[] => lines.map((line) => JSON.parse(line) as Line);

const PHONES = `query Phones { softphones(first: 2) { totalCount } }`;
const ROUTING = `query Routing($caller: String!, $called: String!) {
  calledInfo(caller: $caller, called: $called) { called routedNumber }
}`;
const CALLER = '13800001234';

describe('log lines of an operation', () => {
  const harness = useHarness({ resetEach: true });

  it('carry the client’s request id, which the response echoes, down to the upstream call', async () => {
    const before = harness.logLines.length;
    const response = await harness.query(PHONES, undefined, { headers: { 'x-request-id': 'obs-1' } });
    expectNoGraphQLErrors(response);
    expect(response.headers['x-request-id']).toBe('obs-1');
    // yoga's own lines name no request (its debug notes); the process-wide token fetch belongs to none.
    const lines = parsed(harness.logLines.slice(before)).filter(
      (line) =>
        line.reportedBy !== 'yoga' && line.endpoint !== 'tokenByAkSk' && line.component !== 'token-provider',
    );
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line, JSON.stringify(line)).toMatchObject({ requestId: 'obs-1' });
    expect(lines.find((l) => l.msg === 'upstream call' && l.endpoint === 'queryPhone')).toMatchObject({
      level: 'debug',
      status: 200,
      attempt: 1,
      durationMs: expect.any(Number),
      requestId: 'obs-1',
    });
  });

  it('carry it on the retry of a failed attempt too', async () => {
    harness.simulator.control.addFault({ endpoint: 'queryPhone', status: 503, times: 1 });
    const before = harness.logLines.length;
    const response = await harness.query(PHONES, undefined, { headers: { 'x-request-id': 'obs-retry' } });
    expectNoGraphQLErrors(response);
    const lines = parsed(harness.logLines.slice(before));
    expect(lines.find((l) => l.msg === 'upstream retry')).toMatchObject({
      requestId: 'obs-retry',
      endpoint: 'queryPhone',
      attempt: 1,
      reason: '503',
    });
  });

  it('make an id when the client sends none, and refuse one unfit for a log line', async () => {
    const fresh = await harness.query('{ __typename }');
    const made = String(fresh.headers['x-request-id']);
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await harness.query('{ __typename }', undefined, {
      headers: { 'x-request-id': 'a b\u00e9' },
    });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(odd.headers['x-request-id']).not.toBe(made);
    const operation = parsed(harness.logLines).find((l) => l.msg === 'operation' && l.requestId === made);
    expect(operation).toBeDefined();
  });

  it('end with one info line per operation: name, type, duration and error codes', async () => {
    const before = harness.logLines.length;
    expectNoGraphQLErrors(await harness.query(PHONES, undefined, { headers: { 'x-request-id': 'obs-2' } }));
    harness.simulator.control.addFault({ endpoint: 'queryPhone', status: 500 });
    const failed = await harness.query(PHONES, undefined, { headers: { 'x-request-id': 'obs-3' } });
    expect(failed.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    await harness.query('{ nope }', undefined, { headers: { 'x-request-id': 'obs-4' } });

    const operations = parsed(harness.logLines.slice(before)).filter((l) => l.msg === 'operation');
    expect(operations).toEqual([
      expect.objectContaining({
        level: 'info',
        requestId: 'obs-2',
        subject: expect.any(String),
        operationName: 'Phones',
        operationType: 'query',
        outcome: 'success',
        durationMs: expect.any(Number),
        errorCodes: [],
      }),
      expect.objectContaining({
        requestId: 'obs-3',
        operationName: 'Phones',
        outcome: 'error',
        errorCodes: ['UPSTREAM_UNAVAILABLE'],
      }),
      // Refused before execution: no subject-bound logger yet, and still one line.
      expect.objectContaining({
        requestId: 'obs-4',
        operationName: null,
        operationType: 'query',
        outcome: 'refused',
        errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
      }),
    ]);
  });

  it('mask phone numbers by default, keeping the last four digits', async () => {
    const code = harness.simulator.dataset.accessCodes[0]?.accessCode ?? '';
    const before = harness.logLines.length;
    expectNoGraphQLErrors(await harness.query(ROUTING, { caller: CALLER, called: code }));
    const text = harness.logLines.slice(before).join('\n');
    expect(text).not.toContain(CALLER);
    const started = parsed(harness.logLines.slice(before)).find((l) => l.msg === 'operation started');
    expect(started).toMatchObject({
      level: 'debug',
      operationName: 'Routing',
      variables: { caller: '*******1234', called: `${'*'.repeat(code.length - 4)}${code.slice(-4)}` },
    });
  });
});

describe('LOG_PHONE_NUMBERS=full', () => {
  const harness = useHarness({ env: { LOG_PHONE_NUMBERS: 'full' } });

  it('logs phone numbers as they are', async () => {
    const code = harness.simulator.dataset.accessCodes[0]?.accessCode ?? '';
    expectNoGraphQLErrors(await harness.query(ROUTING, { caller: CALLER, called: code }));
    const started = parsed(harness.logLines).find((l) => l.msg === 'operation started');
    expect(started).toMatchObject({ variables: { caller: CALLER, called: code } });
  });
});

/** Recurses until the stack overflows: the real RangeError, not one made with `new`. */
function overflow(depth: number): number {
  return overflow(depth + 1) + 1;
}

describe('a stack overflow in a resolver', () => {
  const harness = useHarness({
    datasources: (real): Datasources => ({
      ...real,
      calledInfo: { get: async () => overflow(0) as never },
    }),
  });

  it('is masked for the client and logged with its request id', async () => {
    const response = await harness.query(
      ROUTING,
      { caller: CALLER, called: '5550000' },
      {
        headers: { 'x-request-id': 'overflow-1' },
      },
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(response.body)).not.toContain('call stack');
    // yoga reports the masked error too (at debug), with the id it was logged with.
    const lines = parsed(harness.logLines).filter((l) => JSON.stringify(l).includes('Maximum call stack'));
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatchObject({ requestId: 'overflow-1' });
    expect(lines.find((l) => l.msg === 'unexpected error')).toMatchObject({
      level: 'error',
      error: { name: 'RangeError', message: 'Maximum call stack size exceeded' },
      path: ['calledInfo'],
    });
    // Nor does any line quote the operation's source, whose literals may hold phone numbers.
    expect(harness.logLines.join('\n')).not.toContain('GraphQL request:');
  });
});
