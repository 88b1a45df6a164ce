import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config.js';
import { CallRecordWindowError } from '../../../src/datasources/call-record-window.js';
import {
  type CallRecordQuery,
  callRecordsDatasource,
  encodeCallRecordQuery,
  readQueryCallsReply,
} from '../../../src/datasources/call-records.js';
import { createLoaderKit } from '../../../src/datasources/loading/loader-kit.js';
import type { InboundResponse } from '../../../src/transport/http-transport.js';
import { queryCallsExample } from '../../fixtures/vendor-examples.js';
import { reply, thrown } from './responses.js';

const NOW = Date.UTC(2026, 10, 22, 10, 30);
const YESTERDAY = Date.UTC(2026, 10, 21);
const query: CallRecordQuery = {
  ccId: 1,
  vdn: 170,
  direction: 'INBOUND',
  from: YESTERDAY,
  to: NOW,
  limit: 10,
  offset: 0,
};

const read = (response: InboundResponse, asked: Pick<CallRecordQuery, 'vdn' | 'direction'> = query) =>
  readQueryCallsReply(response, asked);

describe('querycalls', () => {
  it('decodes the documented example (numbers as strings)', () => {
    const page = read(reply(queryCallsExample.reply));
    expect(page).toEqual({
      total: 5,
      items: [
        {
          callId: '167789709-33',
          callerNumber: '1212',
          calleeNumber: '12121212',
          direction: 'INBOUND',
          vdn: 170,
          callType: { code: 1, name: 'SP_CALL_SPECIAL', description: 'Special incoming call' },
          mediaType: {
            code: 53,
            name: 'MEDIA_TYPE_MULTI_MEDIA_SOCIALCHAT',
            description: 'Multimedia (social) chat',
          },
          subMediaType: { code: 1, name: 'WEB', description: 'Web chat' },
          leaveReason: { code: 1, name: 'OVERFLOW_TRANSFER', description: 'Overflow transfer' },
          loggedAt: 1615717765000,
          waitBegin: 1615717765000,
          ackBegin: 1615717765000,
          callBegin: 1615717765000,
          callEnd: 1615717765000,
        },
      ],
    });
  });

  it('reads absent or zero times as null and falls back to the queried VDN', () => {
    const page = read(
      reply({
        resultCode: '0100000',
        resultDesc: {
          data: [{ callId: 9, callType: 0, mediaType: '5', callEnd: 0, ackBegin: null }],
          count: '1',
        },
      }),
      { vdn: 170, direction: 'OUTBOUND' },
    );
    expect(page.items[0]).toMatchObject({
      callId: '9',
      vdn: 170,
      callEnd: null,
      ackBegin: null,
      waitBegin: null,
      direction: 'OUTBOUND',
      subMediaType: null,
      leaveReason: null,
    });
  });

  it('accepts resultDesc as an item array and an empty success', () => {
    expect(
      read(reply({ resultCode: '0100000', resultDesc: [{ callId: 'a', callType: 7, mediaType: 5 }] })).total,
    ).toBeNull();
    expect(read(reply({ resultCode: '0100000', resultDesc: { data: null, count: 0 } }))).toEqual({
      total: 0,
      items: [],
    });
    expect(read(reply({ resultCode: '0100000', resultDesc: 'no data' }))).toEqual({
      total: 0,
      items: [],
    });
  });

  it('maps failure codes with a string, object or array resultDesc', () => {
    expect(
      thrown(() => read(reply({ resultCode: '0100002', resultDesc: 'Invalid parameter' }))),
    ).toMatchObject({
      code: 'UPSTREAM_REJECTED',
      endpoint: 'querycalls',
      vendorCode: '0100002',
      vendorMessage: 'Invalid parameter',
    });
    expect(
      thrown(() =>
        read(reply({ resultCode: '0101003', resultDesc: { message: 'Insufficient permission' } })),
      ),
    ).toMatchObject({ vendorMessage: 'Insufficient permission' });
    expect(thrown(() => read(reply({ resultCode: '0100001', resultDesc: ['a', 'b'] })))).toMatchObject({
      vendorMessage: 'a; b',
    });
  });

  it('treats a record without callId or callType as a bad reply', () => {
    expect(
      thrown(() => read(reply({ resultCode: '0100000', resultDesc: { data: [{ callType: 1 }], count: 1 } }))),
    ).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });

  it('encodes dates as epoch ms, isCallIn as a string and limit at most 100', () => {
    expect(encodeCallRecordQuery({ ...query, limit: 250, callerNumber: '12345' })).toEqual({
      ccId: 1,
      vdn: 170,
      callerNo: '12345',
      beginDate: YESTERDAY,
      endDate: NOW,
      isCallIn: 'true',
      limit: 100,
      offset: 0,
    });
    expect(encodeCallRecordQuery({ ...query, direction: 'OUTBOUND' }).isCallIn).toBe('false');
  });

  it('refuses a range outside the window before calling upstream', async () => {
    let calls = 0;
    const source = callRecordsDatasource.create({
      client: {
        post: async () => {
          calls++;
          return reply({ resultCode: '0100000', resultDesc: { data: [], count: 0 } });
        },
      },
      clock: new ManualClock(NOW),
      config: loadConfig({ CMS_TIMEZONE: 'UTC' }),
    });
    await expect(source.list({ ...query, from: YESTERDAY - 1 })).rejects.toBeInstanceOf(
      CallRecordWindowError,
    );
    await expect(source.list({ ...query, to: Date.UTC(2026, 10, 23) })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(source.list({ ...query, from: NOW, to: YESTERDAY })).rejects.toBeInstanceOf(
      CallRecordWindowError,
    );
    expect(calls).toBe(0);
    await expect(source.list(query)).resolves.toEqual({ total: 0, items: [] });
    expect(calls).toBe(1);
  });

  it('uses one window per operation: pages read after local midnight keep the window the operation started with', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 22, 23, 59, 59, 900));
    const source = callRecordsDatasource.create({
      client: { post: async () => reply({ resultCode: '0100000', resultDesc: { data: [], count: 0 } }) },
      clock,
      config: loadConfig({ CMS_TIMEZONE: 'UTC' }),
    });
    const operation = callRecordsDatasource.loaders(source, createLoaderKit());
    // Yesterday 00:00 is valid when the operation starts...
    const startOfYesterday = { ...query, from: Date.UTC(2026, 10, 21), to: Date.UTC(2026, 10, 22, 12) };
    const window = operation.window();
    await operation.page.load(startOfYesterday);
    clock.advance(200); // ...and the operation's next page is read after midnight.
    await expect(operation.page.load({ ...startOfYesterday, offset: 100 })).resolves.toEqual({
      total: 0,
      items: [],
    });
    expect(operation.window()).toBe(window);
    // A new operation sees the new day.
    const next = callRecordsDatasource.loaders(source, createLoaderKit());
    await expect(next.page.load(startOfYesterday)).rejects.toBeInstanceOf(CallRecordWindowError);
  });
});
