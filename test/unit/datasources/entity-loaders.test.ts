// The many-keys loaders behind federation entities: which vendor calls each batch costs.
import { describe, expect, it } from 'vitest';
import {
  type AccessCode,
  type AccessCodeQuery,
  accessCodesDatasource,
} from '../../../src/datasources/access-codes.js';
import { createLoaderKit } from '../../../src/datasources/loading/loader-kit.js';
import {
  type Softphone,
  type SoftphonePage,
  softphonesDatasource,
} from '../../../src/datasources/softphones.js';
import type { PageRequest } from '../../../src/datasources/vendor/paging.js';

const accessCode = (code: string): AccessCode => ({
  id: code,
  accessCode: code,
  description: null,
  n400Number: null,
  mediaType: { code: 5, name: 'MEDIA_TYPE_PHONE', description: 'Common voice call' },
  callDirection: null,
});

/** queryAccessCodeList over `rows` codes named 9000, 9001, …: fuzzy `includes` filter, offset ceiling 100. */
function accessCodeLoaders(rows: number, options: { fail?: boolean } = {}) {
  const all = Array.from({ length: rows }, (_, i) => accessCode(String(9000 + i)));
  const calls: AccessCodeQuery[] = [];
  const source = {
    offsetCeiling: 100,
    list: async (query: AccessCodeQuery) => {
      calls.push(query);
      if (options.fail) throw new Error('vendor down');
      const matches = all.filter((item) => item.accessCode.includes(query.accessCode ?? ''));
      return { total: matches.length, items: matches.slice(query.offset, query.offset + query.limit) };
    },
  };
  return { loaders: accessCodesDatasource.loaders(source, createLoaderKit()), calls };
}

describe('accessCodes.byCodes', () => {
  it('looks up at most as many codes as the list has reachable pages one by one', async () => {
    const { loaders, calls } = accessCodeLoaders(260);
    const found = await Promise.all(['9005', '12'].map((code) => loaders.byCodes.load(code)));
    expect(found).toEqual([accessCode('9005'), null]);
    expect(calls).toEqual([
      { accessCode: '9005', limit: 100, offset: 0 },
      { accessCode: '12', limit: 100, offset: 0 },
    ]);
  });

  it('reads the two reachable pages for more codes, and looks up only those not on them', async () => {
    const { loaders, calls } = accessCodeLoaders(260);
    const codes = ['9000', '9199', '9250', '9000', '9100', '4242', '900'];
    const found = await Promise.all(codes.map((code) => loaders.byCodes.load(code)));
    expect(found).toEqual([
      accessCode('9000'),
      accessCode('9199'),
      accessCode('9250'),
      accessCode('9000'),
      accessCode('9100'),
      null,
      null,
    ]);
    expect(calls).toEqual([
      { limit: 100, offset: 0 },
      { limit: 100, offset: 100 },
      { accessCode: '9250', limit: 100, offset: 0 },
      { accessCode: '4242', limit: 100, offset: 0 },
      { accessCode: '900', limit: 100, offset: 0 },
    ]);
    // The codes read are primed for single lookups in the same operation.
    await loaders.byCode.load('9150');
    expect(calls).toHaveLength(5);
  });

  it('needs no lookups when the pages hold the whole list', async () => {
    const { loaders, calls } = accessCodeLoaders(150);
    const found = await loaders.byCodes.loadMany(['9001', '9149', '9150', '5']);
    expect(found).toEqual([accessCode('9001'), accessCode('9149'), null, null]);
    expect(calls).toHaveLength(2);
  });

  it('fails every code of the batch when a list page fails', async () => {
    const { loaders } = accessCodeLoaders(260, { fail: true });
    const found = await loaders.byCodes.loadMany(['9001', '9002', '9003']);
    expect(found.map((result) => (result instanceof Error ? result.message : result))).toEqual([
      'vendor down',
      'vendor down',
      'vendor down',
    ]);
  });
});

const softphone = (row: number): Softphone => ({
  id: String(8000 + row),
  phoneNumber: String(8000 + row),
  password: null,
  status: 'REGISTERED',
  remark: null,
  tenantId: null,
  partitionId: null,
});

/** queryPhone over `rows` phones 8000, 8001, …; without totals when `legacy`. */
function softphoneLoaders(rows: number, options: { legacy?: boolean } = {}) {
  const calls: PageRequest[] = [];
  const source = {
    list: async (page: PageRequest): Promise<SoftphonePage> => {
      calls.push(page);
      const items = Array.from({ length: rows }, (_, i) => softphone(i)).slice(
        page.offset,
        page.offset + page.limit,
      );
      return { total: options.legacy ? null : rows, items, registrationNodes: [] };
    },
  };
  return { loaders: softphonesDatasource.loaders(source, createLoaderKit()), calls };
}

describe('softphones.byNumber', () => {
  it('stops after the first page when every number is on it', async () => {
    const { loaders, calls } = softphoneLoaders(320);
    expect(await loaders.byNumber.loadMany(['8000', '8099', '8000'])).toEqual([
      softphone(0),
      softphone(99),
      softphone(0),
    ]);
    expect(calls).toEqual([{ offset: 0, limit: 100 }]);
  });

  it('reads the remaining pages at once, as the total says, for numbers further on or unknown', async () => {
    const { loaders, calls } = softphoneLoaders(320);
    expect(await loaders.byNumber.loadMany(['8319', '1234'])).toEqual([softphone(319), null]);
    expect(calls).toEqual([
      { offset: 0, limit: 100 },
      { offset: 100, limit: 100 },
      { offset: 200, limit: 100 },
      { offset: 300, limit: 20 },
    ]);
    // The pages are the operation's: a later batch reads nothing again.
    expect(await loaders.byNumber.load('8150')).toEqual(softphone(150));
    expect(calls).toHaveLength(4);
  });

  it('without totals reads page after page until the numbers are found or a page is short', async () => {
    const { loaders, calls } = softphoneLoaders(250, { legacy: true });
    expect(await loaders.byNumber.load('8120')).toEqual(softphone(120));
    expect(calls).toHaveLength(2);
    expect(await loaders.byNumber.load('9999')).toBeNull();
    expect(calls).toEqual([
      { offset: 0, limit: 100 },
      { offset: 100, limit: 100 },
      { offset: 200, limit: 100 },
    ]);
  });
});
