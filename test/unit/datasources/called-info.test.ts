import { describe, expect, it } from 'vitest';
import { encodeCalledInfoQuery, readCalledInfoReply } from '../../../src/datasources/called-info.js';
import { calledInfoExample } from '../../fixtures/vendor-examples.js';
import { reply, thrown } from './responses.js';

/** The page example's request, as the strings the datasource takes. */
const query = {
  caller: String(calledInfoExample.request.caller),
  called: String(calledInfoExample.request.called),
};

describe('getCalledInfo', () => {
  it('decodes a success reply', () => {
    const info = readCalledInfoReply(
      reply({
        retCode: '0',
        retMsg: 'success',
        result: { devType: 1, called: '88881223', skillId: 12, skillName: 'Sales' },
      }),
      query,
    );
    expect(info).toEqual({
      caller: '8888888',
      called: '6666614',
      routedNumber: '88881223',
      deviceType: 'NUMBER',
      skillId: 12,
      skillName: 'Sales',
    });
  });

  it('accepts numbers as strings and a result without skill', () => {
    const info = readCalledInfoReply(reply({ retCode: 0, result: { devType: '1', skillId: null } }), query);
    expect(info).toEqual({
      caller: '8888888',
      called: '6666614',
      routedNumber: null,
      deviceType: 'NUMBER',
      skillId: null,
      skillName: null,
    });
  });

  it('returns null for the documented "not configured" reply (retCode 5, no result)', () => {
    expect(readCalledInfoReply(reply(calledInfoExample.reply), query)).toBeNull();
  });

  it('maps retCode 4 to UPSTREAM_REJECTED', () => {
    expect(
      thrown(() => readCalledInfoReply(reply({ retCode: '4', retMsg: 'cannot obtain' }), query)),
    ).toMatchObject({
      code: 'UPSTREAM_REJECTED',
      vendorCode: '4',
      vendorMessage: 'cannot obtain',
    });
  });

  it('treats a success without devType as a bad reply', () => {
    expect(thrown(() => readCalledInfoReply(reply({ retCode: '0', result: null }), query))).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
    });
  });

  it('encodes both numbers as strings', () => {
    expect(encodeCalledInfoQuery(query)).toEqual({ caller: '8888888', called: '6666614' });
  });
});
