/**
 * A page of 100 call records: one CMS-signed querycalls call. The period is yesterday 08:00-12:00 UTC, in
 * the vendor's window and in the past, so every answer of a run is the same.
 * Run alone: npx tsx bench/scenarios/call-records.ts
 */
import { callRecord } from '../baselines/mapping.js';
import { runAlone } from '../support/run-alone.js';
import type { Scenario } from './scenario.js';

const DAY_MS = 86_400_000;

export const callRecordsScenario: Scenario = {
  name: 'call-records',
  title: 'page of 100 call records',
  request(now) {
    const yesterday = Math.floor(now / DAY_MS) * DAY_MS - DAY_MS;
    return {
      query: `query ($from: DateTime!, $to: DateTime!) {
        callRecords(first: 100, filter: { vdn: 1, direction: INBOUND, from: $from, to: $to }) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { node {
            callId callerNumber calleeNumber answered waitSeconds talkSeconds
            callType { code name } mediaType { code name } leaveReason { code name } waitBegin callEnd
          } }
        }
      }`,
      variables: {
        from: new Date(yesterday + 8 * 3_600_000).toISOString(),
        to: new Date(yesterday + 12 * 3_600_000).toISOString(),
      },
    };
  },
  minimumCalls: { querycalls: 1 },
  async direct(vendor, variables) {
    const reply = await vendor.queryCalls({
      ccId: 1,
      vdn: 1,
      beginDate: Date.parse(String(variables.from)),
      endDate: Date.parse(String(variables.to)),
      isCallIn: 'true',
      limit: 100,
      offset: 0,
    });
    const { data, count } = reply.resultDesc;
    return {
      callRecords: {
        totalCount: count,
        pageInfo: { hasNextPage: data.length < count, endCursor: 'offset:99' },
        edges: data.map((row) => {
          const call = callRecord(row, 'INBOUND');
          return {
            node: {
              callId: call.callId,
              callerNumber: call.callerNumber,
              calleeNumber: call.calleeNumber,
              answered: call.answered,
              waitSeconds: call.waitSeconds,
              talkSeconds: call.talkSeconds,
              callType: { code: call.callType.code, name: call.callType.name },
              mediaType: { code: call.mediaType.code, name: call.mediaType.name },
              leaveReason: call.leaveReason && { code: call.leaveReason.code, name: call.leaveReason.name },
              waitBegin: call.waitBegin,
              callEnd: call.callEnd,
            },
          };
        }),
      },
    };
  },
};

runAlone(import.meta.url, callRecordsScenario);
