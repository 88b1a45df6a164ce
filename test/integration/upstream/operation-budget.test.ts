import { describe, expect, it } from 'vitest';
import { createLoaders } from '../../../src/datasources/registry.js';
import { OperationScope } from '../../../src/transport/operation-scope.js';
import { HARNESS_NOW, useHarness } from '../../support/harness.js';

/**
 * Every loader makes its calls for the operation it was made for: the scope is handed down explicitly,
 * so a loader that forgot to pass it would let its calls escape the budget and the deadline.
 */
describe('loaders of an operation whose call budget is spent', () => {
  const harness = useHarness({ resetEach: true });
  const day = HARNESS_NOW - (HARNESS_NOW % 86_400_000);

  it('send nothing, through every interface', async () => {
    const operation = new OperationScope({ maxUpstreamCalls: 0, timeoutMs: 60_000 });
    const loaders = createLoaders(harness.datasources, operation);
    const before = { ...harness.simulator.control.counts() };
    const attempts: Record<string, () => Promise<unknown>> = {
      'accessCodes.page': () => loaders.accessCodes.page.load({ limit: 10, offset: 0 }),
      'accessCodes.byCode': () => loaders.accessCodes.byCode.load('9911300'),
      'accessCodes.byCodes': () => loaders.accessCodes.byCodes.load('9911300'),
      'softphones.page': () => loaders.softphones.page.load({ limit: 10, offset: 0 }),
      'softphones.byNumber': () => loaders.softphones.byNumber.load('88881196'),
      'softphones.registrationNodes': () => loaders.softphones.registrationNodes(),
      'calledInfo.route': () => loaders.calledInfo.route.load({ caller: '13800000000', called: '9911300' }),
      'callRecords.page': () =>
        loaders.callRecords.page.load({
          ccId: 1,
          vdn: 1,
          direction: 'INBOUND',
          from: day,
          to: HARNESS_NOW,
          limit: 10,
          offset: 0,
        }),
    };
    const codes: Record<string, unknown> = {};
    for (const [name, attempt] of Object.entries(attempts)) {
      codes[name] = await attempt().then(
        () => 'answered',
        (error: { code?: unknown }) => error.code,
      );
    }
    expect(codes).toEqual(
      Object.fromEntries(Object.keys(attempts).map((name) => [name, 'UPSTREAM_CALL_BUDGET_EXCEEDED'])),
    );
    expect(operation.refusedCalls).toBeGreaterThan(0);
    const after = harness.simulator.control.counts();
    for (const endpoint of ['queryAccessCodeList', 'queryPhone', 'getCalledInfo', 'querycalls'] as const) {
      expect(after[endpoint], endpoint).toBe(before[endpoint]);
    }
  });
});
