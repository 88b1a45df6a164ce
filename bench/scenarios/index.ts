import { accessCodesScenario } from './access-codes.js';
import { callRecordsScenario } from './call-records.js';
import { createAnonymousCallUnkeyed } from './create-anonymous-call.js';
import { routing50Scenario } from './routing.js';
import type { Scenario } from './scenario.js';
import { softphonesScenario } from './softphones.js';

/** The compared scenarios, in the order the table lists them. The first one carries the throughput targets. */
export const SCENARIOS: readonly Scenario[] = [
  accessCodesScenario,
  softphonesScenario,
  routing50Scenario,
  callRecordsScenario,
  createAnonymousCallUnkeyed,
];
