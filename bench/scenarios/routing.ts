/**
 * 50 `routing` lookups on a page of access codes: one queryAccessCodeList call and one getCalledInfo per
 * code, at once. Run alone: npx tsx bench/scenarios/routing.ts
 */
import { calledInfo } from '../baselines/mapping.js';
import type { Vendor } from '../baselines/vendor.js';
import { runAlone } from '../support/run-alone.js';
import { CALLER, type Scenario } from './scenario.js';

/** `accessCodes(first: n) { … routing(caller) }`; also the 200-concurrent memory load with n = 100. */
export function routingScenario(first: number): Scenario {
  return {
    name: first === 50 ? 'routing' : `routing-${first}`,
    title: `${first} routing lookups on a page of access codes`,
    request: () => ({
      query: `{ accessCodes(first: ${first}) { edges { node {
        accessCode description
        routing(caller: "${CALLER}") { deviceType routedNumber skillId skillName }
      } } } }`,
    }),
    minimumCalls: { queryAccessCodeList: 1, getCalledInfo: first },
    direct: (vendor) => directRouting(vendor, first),
  };
}

async function directRouting(vendor: Vendor, first: number) {
  const reply = await vendor.accessCodes({ limit: first, offset: 0 });
  const rows = reply.data.calledRouteList;
  const routes = await Promise.all(
    rows.map(async (row) =>
      calledInfo(CALLER, row.accessCode, await vendor.calledInfo({ caller: CALLER, called: row.accessCode })),
    ),
  );
  return {
    accessCodes: {
      edges: rows.map((row, index) => {
        const route = routes[index];
        return {
          node: {
            accessCode: row.accessCode,
            description: row.description,
            routing: route && {
              deviceType: route.deviceType,
              routedNumber: route.routedNumber,
              skillId: route.skillId,
              skillName: route.skillName,
            },
          },
        };
      }),
    },
  };
}

export const routing50Scenario = routingScenario(50);

runAlone(import.meta.url, routing50Scenario);
