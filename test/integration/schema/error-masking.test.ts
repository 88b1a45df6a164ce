import { describe, expect, it } from 'vitest';
import { failingDatasources } from '../../fixtures/failing-datasources.js';
import { useHarness } from '../../support/harness.js';

const harness = useHarness({ datasources: () => failingDatasources('boom: internal detail') });

describe('unexpected errors', () => {
  it('are masked for the client and logged with the request id', async () => {
    const response = await harness.query<never>(
      '{ calledInfo(caller: "1", called: "2") { called } }',
      undefined,
      {
        headers: { 'x-request-id': 'req-42' },
      },
    );
    const body = response.body as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(response.status).toBe(200);
    expect(body.errors[0]).toMatchObject({
      message: 'Unexpected error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(body)).not.toContain('internal detail');
    const logged = harness.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((l) => l.msg === 'unexpected error');
    expect(logged).toMatchObject({
      level: 'error',
      requestId: 'req-42',
      error: { message: 'boom: internal detail' },
    });
  });
});

describe('an unexpected error while the context is built', () => {
  const broken = useHarness({
    datasources: (real) => ({
      ...real,
      accessCodes: {
        list: real.accessCodes.list,
        get offsetCeiling(): number {
          throw new Error('boom while building the context');
        },
      },
    }),
  });

  it('is masked and logged with the request id too', async () => {
    const response = await broken.query('{ __typename }', undefined, {
      headers: { 'x-request-id': 'req-43' },
    });
    expect(JSON.stringify(response.body)).not.toContain('boom while building');
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    const logged = broken.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((l) => l.msg === 'unexpected error');
    expect(logged).toMatchObject({
      requestId: 'req-43',
      error: { message: expect.stringContaining('boom while building the context') },
    });
  });
});
