import { describe, expect, it } from 'vitest';
import { encodeSoftphonePage, readQueryPhoneReply } from '../../../src/datasources/softphones.js';
import { queryPhoneExample } from '../../fixtures/vendor-examples.js';
import { reply, thrown } from './responses.js';

const server = (ip: string, port: string) => ({
  regIPAddress: ip,
  regPort: port,
  sipServiceIp: `${ip}0`,
  sipServicePort: '5061',
});

describe('queryPhone', () => {
  it('decodes the documented V2 shape with single and pool servers', () => {
    const page = readQueryPhoneReply(
      reply({
        retCode: '0',
        retMsg: 'successfully',
        result: {
          total: 3,
          singleRegServ: [server('10.0.0.1', '5060')],
          poolRegServ: { node1: [server('10.0.1.1', '5060')], node2: [server('10.0.2.1', '5070')] },
          phone: [
            {
              phoneNum: '88881196',
              password: 'pw',
              id: 12,
              status: 0,
              remark: 'desk',
              tenantId: 't1',
              partdbId: 'p1',
            },
          ],
        },
      }),
    );
    expect(page.total).toBe(3);
    expect(page.items).toEqual([
      {
        id: '12',
        phoneNumber: '88881196',
        password: 'pw',
        status: 'REGISTERED',
        remark: 'desk',
        tenantId: 't1',
        partitionId: 'p1',
      },
    ]);
    expect(page.registrationNodes).toEqual([
      {
        mode: 'SINGLE',
        poolNode: null,
        registrationIp: '10.0.0.1',
        registrationPort: 5060,
        sipServiceIp: '10.0.0.10',
        sipServicePort: 5061,
      },
      {
        mode: 'POOL',
        poolNode: 'node1',
        registrationIp: '10.0.1.1',
        registrationPort: 5060,
        sipServiceIp: '10.0.1.10',
        sipServicePort: 5061,
      },
      {
        mode: 'POOL',
        poolNode: 'node2',
        registrationIp: '10.0.2.1',
        registrationPort: 5070,
        sipServiceIp: '10.0.2.10',
        sipServicePort: 5061,
      },
    ]);
  });

  it("reads the page example's top-level regIPAddress/regPort as one SINGLE node", () => {
    const page = readQueryPhoneReply(reply(queryPhoneExample.reply));
    expect(page.items.map((p) => [p.phoneNumber, p.id, p.status])).toEqual([
      ['88881196', '88881196', null],
      ['88881197', '88881197', null],
    ]);
    expect(page.registrationNodes).toEqual([
      {
        mode: 'SINGLE',
        poolNode: null,
        registrationIp: '10.162.98.43',
        registrationPort: 5060,
        sipServiceIp: null,
        sipServicePort: null,
      },
    ]);
  });

  it('accepts V1-style numeric ports, null lists and a missing total', () => {
    const page = readQueryPhoneReply(
      reply({
        retCode: 0,
        result: {
          singleRegServ: [
            { regIPAddress: '10.0.0.1', regPort: 5060, sipServicePort: 5061, sipServiceIp: null },
          ],
          poolRegServ: null,
          phone: null,
        },
      }),
    );
    expect(page.total).toBeNull();
    expect(page.registrationNodes[0]).toMatchObject({
      registrationPort: 5060,
      sipServicePort: 5061,
      sipServiceIp: null,
    });
  });

  it('reads retCode 2 (no mobile agent information) as an empty page', () => {
    expect(readQueryPhoneReply(reply({ retCode: '2', retMsg: 'empty' }))).toEqual({
      total: 0,
      items: [],
      registrationNodes: [],
    });
  });

  it.each(['1', '3', '4', '5'])('maps retCode %s to UPSTREAM_REJECTED', (retCode) => {
    expect(thrown(() => readQueryPhoneReply(reply({ retCode, retMsg: 'failed' })))).toMatchObject({
      code: 'UPSTREAM_REJECTED',
      endpoint: 'queryPhone',
      vendorCode: retCode,
      vendorMessage: 'failed',
    });
  });

  it('encodes limit and offset as strings, limit within 1..100', () => {
    expect(encodeSoftphonePage({ limit: 10, offset: 20 })).toEqual({ limit: '10', offset: '20' });
    expect(encodeSoftphonePage({ limit: 1000, offset: 0 })).toEqual({ limit: '100', offset: '0' });
    expect(encodeSoftphonePage({ limit: 0, offset: -5 })).toEqual({ limit: '1', offset: '0' });
  });
});
