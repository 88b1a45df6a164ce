/** A page of 100 access codes: one queryAccessCodeList call. Run alone: npx tsx bench/scenarios/access-codes.ts */
import { accessCode } from '../baselines/mapping.js';
import { runAlone } from '../support/run-alone.js';
import type { Scenario } from './scenario.js';

export const accessCodesScenario: Scenario = {
  name: 'access-codes',
  title: 'page of 100 access codes',
  request: () => ({
    query: `{ accessCodes(first: 100) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id accessCode description n400Number mediaType { code name } callDirection } }
    } }`,
  }),
  minimumCalls: { queryAccessCodeList: 1 },
  async direct(vendor) {
    const reply = await vendor.accessCodes({ limit: 100, offset: 0 });
    const rows = reply.data.calledRouteList;
    return {
      accessCodes: {
        totalCount: reply.data.total,
        pageInfo: { hasNextPage: rows.length < reply.data.total, endCursor: 'offset:99' },
        edges: rows.map((row) => {
          const code = accessCode(row);
          return {
            node: {
              id: code.id,
              accessCode: code.accessCode,
              description: code.description,
              n400Number: code.n400Number,
              mediaType: { code: code.mediaType.code, name: code.mediaType.name },
              callDirection: code.callDirection,
            },
          };
        }),
      },
    };
  },
};

runAlone(import.meta.url, accessCodesScenario);
