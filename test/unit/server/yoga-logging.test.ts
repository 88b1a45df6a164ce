import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { yogaLogging } from '../../../src/server/yoga-logging.js';
import { UpstreamError } from '../../../src/transport/upstream-error.js';

function collect() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => lines.push(line) });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { yoga: yogaLogging(logger), records };
}

describe("yoga's own error reports", () => {
  it('keep their level for an error nothing else logs (a request hook), with the first line only', () => {
    const { yoga, records } = collect();
    yoga.error(new TypeError('verifier exploded\n  at query { phone(number: "13800001234") }'));
    expect(records()).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'verifier exploded',
        error: { name: 'TypeError', message: 'verifier exploded' },
        reportedBy: 'yoga',
      }),
    ]);
  });

  it('go to debug for errors of ours, which are logged where they arise', () => {
    const { yoga, records } = collect();
    const upstream = new UpstreamError('UPSTREAM_UNAVAILABLE', 'queryPhone: vendor failure', {
      endpoint: 'queryPhone',
    });
    yoga.error(new GraphQLError('masked', { originalError: upstream }));
    yoga.error(new GraphQLError('bad input', { extensions: { code: 'BAD_USER_INPUT' } }));
    expect(records().map((record) => record.level)).toEqual(['debug', 'debug']);
  });
});
