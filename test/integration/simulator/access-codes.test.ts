import { describe, expect, it } from 'vitest';
import type { AccessCodeItem } from '../../../src/simulator/index.js';
import { accessCodeListExample } from '../../fixtures/vendor-examples.js';
import { B3_VECTOR_NOW, useHarness } from '../../support/harness.js';

const h = useHarness({ now: B3_VECTOR_NOW, bearer: true });

interface ListReply {
  returnCode: string;
  description: string;
  data?: { total: number; calledRouteList: AccessCodeItem[] };
}
const list = async (body: unknown) => {
  const res = await h.post('queryAccessCodeList', body, h.auth);
  expect(res.status).toBe(200);
  return res.json as ListReply;
};

describe('queryAccessCodeList', () => {
  it('pages the whole set in dataset order, default limit 100', async () => {
    const codes = h.simulator.dataset.accessCodes;
    expect(codes.length).toBeGreaterThanOrEqual(250);
    const first = await list({});
    expect(first).toEqual({
      returnCode: '0',
      data: { total: codes.length, calledRouteList: codes.slice(0, 100) },
      description: 'success',
    });
    const second = await list({ limit: 50, offset: 100 });
    expect(second.data?.calledRouteList).toEqual(codes.slice(100, 150));
  });

  it('serves limit > 100 as 100 and limit 0 as an empty page with the total', async () => {
    expect((await list({ limit: 500 })).data?.calledRouteList).toHaveLength(100);
    const empty = await list({ limit: 0 });
    expect(empty.data).toEqual({ total: h.simulator.dataset.accessCodes.length, calledRouteList: [] });
  });

  it('accepts offset 100 and fails offset 101 with returnCode 1 and no data', async () => {
    expect((await list({ offset: 100 })).returnCode).toBe('0');
    const tooFar = await list({ offset: 101 });
    expect(tooFar).toEqual({ returnCode: '1', description: 'offset must be an integer from 0 to 100' });
  });

  it('fails negative or non-integer paging and unsupported media types', async () => {
    expect((await list({ limit: -1 })).returnCode).toBe('1');
    expect((await list({ offset: -1 })).returnCode).toBe('1');
    expect((await list({ limit: 'ten' })).returnCode).toBe('1');
    expect((await list({ limit: 2.5 })).returnCode).toBe('1');
    expect((await list({ mediatypeId: 19 })).description).toMatch(/mediatypeId/);
    expect((await list({ accessCode: { x: 1 } })).returnCode).toBe('1');
  });

  it('reads numeric strings for integer fields', async () => {
    expect((await list({ limit: '3', offset: '1' })).data?.calledRouteList).toEqual(
      h.simulator.dataset.accessCodes.slice(1, 4),
    );
  });

  it('filters accessCode and description by case-insensitive substring', async () => {
    const codes = h.simulator.dataset.accessCodes;
    const byCode = await list({ accessCode: '9911' + '4' });
    const expectedCodes = codes.filter((c) => c.accessCode.includes('99114'));
    expect(byCode.data?.total).toBe(expectedCodes.length);
    expect(byCode.data?.calledRouteList).toEqual(expectedCodes.slice(0, 100));

    const byDescription = await list({ description: 'HOTLINE' });
    const expectedDescriptions = codes.filter((c) => c.description?.toLowerCase().includes('hotline'));
    expect(expectedDescriptions.length).toBeGreaterThan(0);
    expect(byDescription.data?.calledRouteList).toEqual(expectedDescriptions.slice(0, 100));

    const both = await list({ accessCode: '99113', description: 'line' });
    expect(both.data?.calledRouteList).toEqual(
      codes.filter((c) => c.accessCode.includes('99113') && c.description?.includes('line')),
    );
    expect((await list({ accessCode: '12345' })).data).toEqual({ total: 0, calledRouteList: [] });
  });

  it('filters mediatypeId 2, 5 and 53 exactly', async () => {
    for (const mediatypeId of [2, 5, 53]) {
      const reply = await list({ mediatypeId });
      const expected = h.simulator.dataset.accessCodes.filter((c) => c.mediatypeId === mediatypeId);
      expect(reply.data?.total).toBe(expected.length);
      expect(reply.data?.calledRouteList).toEqual(expected.slice(0, 100));
    }
  });

  it('replays the page example: 9911411 with null n400Number and description', async () => {
    // Without the example's description filter, which its own null-description item cannot match.
    const reply = await list({ ...accessCodeListExample.request, description: undefined });
    expect(reply).toEqual(accessCodeListExample.reply);
  });
});
