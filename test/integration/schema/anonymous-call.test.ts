import { describe, expect, it } from 'vitest';
import { expectNoGraphQLErrors, useHarness } from '../../support/harness.js';

const harness = useHarness({ resetEach: true });

const CREATE = `mutation Create($input: CreateAnonymousCallInput!) {
  createAnonymousCall(input: $input) {
    __typename
    ... on AnonymousCall { callSerialNo sipServiceAddress sipServerHost sipServerPort accessCode }
    ... on CallCreationError { message vendorCode reason }
    ... on InputValidationError { message fieldErrors { field message } }
  }
}`;

type Result = { createAnonymousCall: Record<string, unknown> & { __typename: string } };

const FAILURES: Array<[string, string]> = [
  ['30010000001', 'FEATURE_NOT_ENABLED'],
  ['30010000002', 'NO_SIP_SERVER'],
  ['30010000003', 'INVALID_PARAMETERS'],
  ['30010010001', 'OUTBOUND_TASK_FAILED'],
  ['30010010002', 'VDN_UNAVAILABLE'],
  ['30010010003', 'VDN_MISCONFIGURED'],
  ['30010019999', 'CCM_ERROR'],
  ['30011010001', 'CALL_SETUP_NOT_CONFIRMED'],
  ['30011019999', 'CCUCS_ERROR'],
  ['30010009999', 'CHAT_MODULE_ERROR'],
];

describe('createAnonymousCall', () => {
  it('creates a call and splits the SIP address', async () => {
    const data = expectNoGraphQLErrors(
      await harness.query<Result>(CREATE, {
        input: { called: '88884432', callerPresent: '95599', callData: '1' },
      }),
    );
    const call = data.createAnonymousCall;
    expect(call.__typename).toBe('AnonymousCall');
    const [host, port] = harness.simulator.dataset.sipServiceAddress.split(':');
    expect(call).toMatchObject({
      sipServiceAddress: harness.simulator.dataset.sipServiceAddress,
      sipServerHost: host,
      sipServerPort: Number(port),
    });
    expect(typeof call.accessCode).toBe('string');
    expect(harness.simulator.control.counts().createcall).toBe(1);
  });

  it.each(FAILURES)('answers vendor failure %s as CallCreationError %s', async (code, reason) => {
    const data = expectNoGraphQLErrors(await harness.query<Result>(CREATE, { input: { called: code } }));
    expect(data.createAnonymousCall).toMatchObject({
      __typename: 'CallCreationError',
      vendorCode: code,
      reason,
    });
    expect(String(data.createAnonymousCall.message).length).toBeGreaterThan(0);
  });

  it('answers invalid input as InputValidationError without calling the vendor', async () => {
    const data = expectNoGraphQLErrors(
      await harness.query<Result>(CREATE, { input: { called: 'not-a-number', callData: 'x'.repeat(1025) } }),
    );
    expect(data.createAnonymousCall.__typename).toBe('InputValidationError');
    const fields = (data.createAnonymousCall.fieldErrors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['input.called', 'input.callData']));
    expect(harness.simulator.control.counts().createcall).toBe(0);
  });

  it('reports an unknown outcome on a dropped connection, with HTTP 200 and no retry', async () => {
    harness.simulator.control.addFault({ endpoint: 'createcall', drop: true, times: 1 });
    const res = await harness.query<Result>(CREATE, { input: { called: '88884432' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    expect(harness.simulator.control.counts().createcall).toBe(1);
  });

  it('reports a vendor 500 as an upstream error without retrying', async () => {
    harness.simulator.control.addFault({ endpoint: 'createcall', status: 500, times: 1 });
    const res = await harness.query<Result>(CREATE, { input: { called: '88884432' } });
    expect(res.status).toBe(200);
    expect(res.body.errors?.[0]?.extensions?.code).toMatch(/^UPSTREAM_/);
    expect(harness.simulator.control.counts().createcall).toBe(1);
  });
});
