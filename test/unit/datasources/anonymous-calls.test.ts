import { describe, expect, it } from 'vitest';
import { encodeCreateCall, readCreateCallReply } from '../../../src/datasources/anonymous-calls.js';
import { createCallExample } from '../../fixtures/vendor-examples.js';
import { reply, thrown } from './responses.js';

describe('createcall', () => {
  it('decodes the documented success and splits the SIP address', () => {
    const outcome = readCreateCallReply(reply(createCallExample.reply));
    expect(outcome).toEqual({
      ok: true,
      callSerialNo: null,
      sipServiceAddress: '10.137.203.215:5063',
      sipServerHost: '10.137.203.215',
      sipServerPort: 5063,
      accessCode: '179080024609291',
    });
  });

  it('handles IPv6 addresses and keeps the call serial number', () => {
    const outcome = readCreateCallReply(
      reply({
        resultCode: 0,
        resultData: { callSerialNo: 123, sipServiceAddress: '[2001:db8::1]:5060', accesscode: 17908 },
      }),
    );
    expect(outcome).toMatchObject({
      ok: true,
      callSerialNo: '123',
      sipServerHost: '2001:db8::1',
      sipServerPort: 5060,
      accessCode: '17908',
    });
  });

  it.each([
    '10.0.0.1',
    '10.0.0.1:',
    '10.0.0.1:70000',
    '10.0.0.1:50a',
    ':5060',
    '[::1]',
  ])('rejects sipServiceAddress %j as UPSTREAM_OUTCOME_UNKNOWN (the call exists, but cannot be joined)', (sipServiceAddress) => {
    const error = thrown(() =>
      readCreateCallReply(reply({ resultCode: '0', resultData: { sipServiceAddress, accesscode: '1' } })),
    );
    expect(error).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', endpoint: 'createcall' });
  });

  it('returns business failures as an outcome, with the vendor text or the documented one', () => {
    expect(readCreateCallReply(reply({ resultCode: '30010000002', resultDesc: 'No SIP server' }))).toEqual({
      ok: false,
      reason: 'NO_SIP_SERVER',
      vendorCode: '30010000002',
      message: 'No SIP server',
    });
    expect(readCreateCallReply(reply({ resultCode: '30010010002' }))).toEqual({
      ok: false,
      reason: 'VDN_UNAVAILABLE',
      vendorCode: '30010010002',
      message: 'The VDN is unavailable.',
    });
    expect(
      readCreateCallReply(reply({ resultCode: '30010009999', resultDesc: { message: 'chat down' } })),
    ).toMatchObject({
      message: 'chat down',
    });
  });

  it('reads a 500 with a result code as a business failure', () => {
    expect(readCreateCallReply(reply({ resultCode: '30010019999', resultDesc: 'CCM' }, 500))).toMatchObject({
      ok: false,
      vendorCode: '30010019999',
    });
  });

  it('reports OUTCOME_UNKNOWN when it cannot tell whether the call was placed', () => {
    for (const response of [
      reply({ error: 'boom' }, 500),
      reply('<html>', 502),
      reply('{"resultCode":"0",', 200),
    ]) {
      expect(thrown(() => readCreateCallReply(response))).toMatchObject({
        code: 'UPSTREAM_OUTCOME_UNKNOWN',
        endpoint: 'createcall',
      });
    }
  });

  it('maps a 4xx to UPSTREAM_REJECTED', () => {
    expect(thrown(() => readCreateCallReply(reply({ status: 400, message: 'bad json' }, 400)))).toMatchObject(
      {
        code: 'UPSTREAM_REJECTED',
        httpStatus: 400,
        vendorMessage: 'bad json',
      },
    );
  });

  it('encodes only the given fields', () => {
    expect(encodeCreateCall({ called: '88884432' })).toEqual({ called: '88884432' });
    expect(encodeCreateCall({ called: '1', callerPresent: '95599', callData: 'x' })).toEqual({
      called: '1',
      callerPresent: '95599',
      callData: 'x',
    });
  });
});
