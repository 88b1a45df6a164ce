/**
 * The keyed createAnonymousCall path (issue 10): what its Redis round trips cost. A second server with
 * REDIS_URL (a real redis-server, as in the tests) answers the mutation without a key, with a fresh key
 * per request (claim, count, settle: three round trips) and with one key repeated (answered from Redis, no
 * vendor call). Each figure is a ratio against the same mutation without a key on the default server
 * (its store in the process), measured in the same run at 0 ms vendor latency, where overhead shows most.
 */

import type { SimulatorControlClient } from '../../src/simulator/control-client.js';
import { startRedisServer } from '../../test/support/redis-server.js';
import type { Scenario } from '../scenarios/scenario.js';
import { answerCheck, problemOf } from './answers.js';
import {
  type BodyCheck,
  type HttpRequest,
  type Latency,
  sequentialLatency,
  type Throughput,
  throughput,
} from './load.js';
import { vendorQuiet } from './measurements.js';
import { type Child, startOurServer } from './processes.js';
import type { BenchSettings } from './settings.js';

export type KeyedCallVariant = 'unkeyed' | 'unkeyedRedis' | 'keyedRedis' | 'repeatedKeyRedis';

export interface KeyedCallsResult {
  vendorLatencyMs: 0;
  throughput: Partial<Record<KeyedCallVariant, Throughput>>;
  latency: Partial<Record<KeyedCallVariant, Latency>>;
  /** First answers that were wrong (that variant was not measured). */
  problems: string[];
  wrong: number;
}

export const KEYED_CALL_LABELS: Record<KeyedCallVariant, string> = {
  unkeyed: 'no key, store in the process (the default)',
  unkeyedRedis: 'no key, REDIS_URL',
  keyedRedis: 'a fresh key per call, REDIS_URL',
  repeatedKeyRedis: 'one key repeated (answered from Redis, no vendor call)',
};

const KEYED_QUERY = `mutation Call($key: String) {
  createAnonymousCall(input: { called: "88884432", callerPresent: "95599", idempotencyKey: $key }) {
    __typename ... on AnonymousCall { callSerialNo sipServerHost sipServerPort accessCode }
  }
}`;

export interface KeyedCallsOptions {
  /** The createAnonymousCall scenario (its check of an answer's shape) and its reference answer. */
  scenario: Scenario;
  reference: unknown;
  /** The default server, already running, and how to reach it. */
  ours: Child;
  headers: Record<string, string>;
  control: SimulatorControlClient;
  simulatorOrigin: string;
  jwtSecret: string;
  serverEnv: Record<string, string>;
  settings: BenchSettings;
}

export async function keyedCallOverhead(options: KeyedCallsOptions): Promise<KeyedCallsResult> {
  const { scenario, reference, headers, control, settings } = options;
  const redis = await startRedisServer();
  const withRedis = await startOurServer({
    name: 'ours-redis',
    simulatorOrigin: options.simulatorOrigin,
    jwtSecret: options.jwtSecret,
    env: { ...options.serverEnv, REDIS_URL: redis.url },
  });
  const result: KeyedCallsResult = {
    vendorLatencyMs: 0,
    throughput: {},
    latency: {},
    problems: [],
    wrong: 0,
  };
  try {
    const run = `bench-${process.pid}-${Date.now()}`;
    const request = (server: Child, key: (n: number) => string | null): HttpRequest => ({
      url: `${server.origin}/graphql`,
      headers,
      body: JSON.stringify({ query: KEYED_QUERY, variables: { key: null } }),
      bodyFor: (n) => JSON.stringify({ query: KEYED_QUERY, variables: { key: key(n) } }),
    });
    const variants: Record<KeyedCallVariant, HttpRequest> = {
      unkeyed: request(options.ours, () => null),
      unkeyedRedis: request(withRedis, () => null),
      keyedRedis: request(withRedis, (n) => `${run}-${n}`),
      repeatedKeyRedis: request(withRedis, () => `${run}-repeated`),
    };
    for (const [variant, target] of Object.entries(variants) as Array<[KeyedCallVariant, HttpRequest]>) {
      const check = await firstAnswerCheck(scenario, reference, target, variant === 'repeatedKeyRedis');
      if (typeof check === 'string') {
        result.problems.push(`${variant}: ${check}`);
        continue;
      }
      // Only the new process needs warming: `ours` ran every scenario already, and the later Redis
      // variants run on the process the first one warmed.
      const load = {
        connections: settings.connections,
        seconds: variant === 'unkeyedRedis' ? settings.warmupSeconds : 0,
      };
      if (load.seconds > 0) result.wrong += (await throughput(target, check, load)).wrong;
      await vendorQuiet(control);
      // As long as a target's rounds together in the comparison runs.
      const figures = await throughput(target, check, {
        ...load,
        seconds: settings.seconds * settings.rounds,
      });
      await vendorQuiet(control);
      result.throughput[variant] = figures;
      result.latency[variant] = await sequentialLatency(target, check, {
        warmup: 20,
        maxRequests: settings.latencyRequests,
        maxSeconds: settings.latencyMaxSeconds,
      });
      result.wrong += figures.wrong + (result.latency[variant]?.wrong ?? 0);
    }
  } finally {
    await withRedis.stop('SIGKILL');
    await redis.stop();
  }
  return result;
}

/**
 * One answer, checked like the scenario's; a repeated key must then answer that same call every time
 * (anything else means a second call was placed, or the store forgot the key).
 */
async function firstAnswerCheck(
  scenario: Scenario,
  reference: unknown,
  target: HttpRequest,
  repeated: boolean,
): Promise<BodyCheck | string> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: target.headers,
    body: target.bodyFor?.(-1) ?? target.body,
  });
  const body = await response.text();
  if (response.status !== 200) return `HTTP ${response.status}: ${body.slice(0, 300)}`;
  const problem = problemOf(scenario, reference, body);
  if (problem) return problem;
  return repeated ? (answer: string) => answer === body : answerCheck(scenario, reference, body);
}
