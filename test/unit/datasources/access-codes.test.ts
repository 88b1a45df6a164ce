import { describe, expect, it } from 'vitest';
import { encodeAccessCodeQuery, readAccessCodeListReply } from '../../../src/datasources/access-codes.js';
import { accessCodeListExample } from '../../fixtures/vendor-examples.js';
import { reply, thrown } from './responses.js';

describe('queryAccessCodeList', () => {
  it('decodes the documented example', () => {
    const page = readAccessCodeListReply(reply(accessCodeListExample.reply));
    expect(page).toEqual({
      total: 1,
      items: [
        {
          id: '1124167935465633793',
          accessCode: '9911411',
          description: null,
          n400Number: null,
          mediaType: { code: 5, name: 'MEDIA_TYPE_PHONE', description: 'Common voice call' },
          callDirection: 'BOTH',
        },
      ],
    });
  });

  it('accepts numbers as strings and strings as numbers', () => {
    const page = readAccessCodeListReply(
      reply({
        returnCode: 0,
        data: {
          total: '2',
          calledRouteList: [
            { id: 7, accessCode: 9911411, mediatypeId: '53', numCallAttr: '1', n400Number: '4001234' },
            { accessCode: '9911412', description: 'sales' },
          ],
        },
      }),
    );
    expect(page.total).toBe(2);
    expect(page.items).toEqual([
      {
        id: '7',
        accessCode: '9911411',
        description: null,
        n400Number: '4001234',
        mediaType: {
          code: 53,
          name: 'MEDIA_TYPE_MULTI_MEDIA_SOCIALCHAT',
          description: 'Multimedia (social) chat',
        },
        callDirection: 'INBOUND',
      },
      {
        id: '9911412',
        accessCode: '9911412',
        description: 'sales',
        n400Number: null,
        mediaType: { code: 0, name: null, description: null },
        callDirection: null,
      },
    ]);
  });

  it('accepts the older bare-array data', () => {
    const page = readAccessCodeListReply(
      reply({ returnCode: '0', data: [{ accessCode: '1' }, { accessCode: '2' }], description: 'success' }),
    );
    expect(page.total).toBeNull();
    expect(page.items.map((item) => item.accessCode)).toEqual(['1', '2']);
  });

  it('treats null or absent data and a missing list as empty', () => {
    expect(readAccessCodeListReply(reply({ returnCode: '0', data: null }))).toEqual({ total: 0, items: [] });
    expect(readAccessCodeListReply(reply({ returnCode: '0' }))).toEqual({ total: 0, items: [] });
    expect(
      readAccessCodeListReply(reply({ returnCode: '0', data: { total: 0, calledRouteList: null } })),
    ).toEqual({
      total: 0,
      items: [],
    });
  });

  it('maps a failure return code to UPSTREAM_REJECTED with the vendor code and text', () => {
    expect(
      thrown(() => readAccessCodeListReply(reply({ returnCode: '1', description: 'offset too big' }))),
    ).toMatchObject({
      code: 'UPSTREAM_REJECTED',
      endpoint: 'queryAccessCodeList',
      httpStatus: 200,
      vendorCode: '1',
      vendorMessage: 'offset too big',
    });
  });

  it('rejects an item without an access code as a bad reply', () => {
    expect(
      thrown(() => readAccessCodeListReply(reply({ returnCode: '0', data: [{ id: '1' }] }))),
    ).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
    });
  });

  it('names where a bad item is, never its values', () => {
    const error = thrown(() =>
      readAccessCodeListReply(
        reply({
          returnCode: '0',
          data: { total: 2, calledRouteList: [{ accessCode: '1' }, { description: 'secret-ish' }] },
        }),
      ),
    );
    expect(error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
    expect((error as Error).message).toContain('data.calledRouteList.1.accessCode');
    expect((error as Error).message).not.toContain('secret-ish');
    expect(
      thrown(() => readAccessCodeListReply(reply({ returnCode: '0', data: { calledRouteList: 'x' } }))),
    ).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      message: expect.stringContaining('data.calledRouteList'),
    });
    expect(thrown(() => readAccessCodeListReply(reply({ returnCode: '0', data: 7 })))).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
    });
  });

  it('encodes integers, sends only given filters and never a limit above 100', () => {
    expect(encodeAccessCodeQuery({ limit: 500, offset: 0 })).toEqual({ limit: 100, offset: 0 });
    expect(
      encodeAccessCodeQuery({
        accessCode: '99',
        description: 'x',
        mediaType: 'AUDIO_VIDEO',
        limit: 10,
        offset: 20,
      }),
    ).toEqual({
      accessCode: '99',
      description: 'x',
      mediatypeId: 5,
      limit: 10,
      offset: 20,
    });
  });
});
