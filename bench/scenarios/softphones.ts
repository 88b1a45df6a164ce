/** Softphones with the registration nodes: one queryPhone call. Run alone: npx tsx bench/scenarios/softphones.ts */
import { registrationNodes, softphone } from '../baselines/mapping.js';
import { runAlone } from '../support/run-alone.js';
import type { Scenario } from './scenario.js';

export const softphonesScenario: Scenario = {
  name: 'softphones',
  title: 'softphones + registration nodes',
  request: () => ({
    query: `{ softphones(first: 100) {
      totalCount
      edges { node { id phoneNumber status remark tenantId partitionId } }
      registrationNodes { mode poolNode registrationIp registrationPort sipServiceIp sipServicePort }
    } }`,
  }),
  minimumCalls: { queryPhone: 1 },
  async direct(vendor) {
    const { result } = await vendor.phones({ limit: '100', offset: '0' });
    return {
      softphones: {
        totalCount: result.total,
        edges: result.phone.map((row) => ({ node: softphone(row) })),
        registrationNodes: registrationNodes(result),
      },
    };
  },
};

runAlone(import.meta.url, softphonesScenario);
