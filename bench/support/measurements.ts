/**
 * The measurements of one run other than the throughput table, each on its own: vendor calls per
 * operation, a sustained rate-limited run (RSS, event-loop lag), a cold start, and the memory load of many
 * concurrent routing operations. Plus the simulator controls they need (latency, quiet).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { SimulatorControlClient } from '../../src/simulator/control-client.js';
import { ENDPOINT_NAMES } from '../../src/simulator/index.js';
import type { Vendor } from '../baselines/vendor.js';
import { routingScenario } from '../scenarios/routing.js';
import type { Scenario } from '../scenarios/scenario.js';
import { answerCheck, problemOf } from './answers.js';
import { type BodyCheck, burst, type HttpRequest, percentile, throughput } from './load.js';
import { type Child, rssMb, startOurServer } from './processes.js';
import type { Results, ScenarioResult, TargetName } from './results.js';
import type { BenchSettings } from './settings.js';

/** A scenario ready to measure: its reference answer, each target's request, and a check per right target. */
export interface Prepared {
  scenario: Scenario;
  reference: unknown;
  requests: Record<TargetName, HttpRequest>;
  /** Only for targets whose first answer was right. */
  checks: Partial<Record<TargetName, BodyCheck>>;
  result: ScenarioResult;
}

/** A fixed added latency on every vendor call, through the simulator's latency fault (until cleared). */
export async function setVendorLatency(control: SimulatorControlClient, latencyMs: number): Promise<void> {
  await control.clearFaults();
  if (latencyMs === 0) return;
  for (const endpoint of ENDPOINT_NAMES) await control.addFault({ endpoint, latencyMs });
}

/** Vendor calls our server made for a counted number of operations, read from the simulator's counters. */
export async function countVendorCalls(
  entry: Prepared,
  control: SimulatorControlClient,
  settings: BenchSettings,
) {
  const check = entry.checks.ours;
  if (!check) return;
  const before = await control.counts();
  let wrong = 0;
  const concurrency = 8;
  for (let done = 0; done < settings.countedOperations; done += concurrency) {
    const batch = Math.min(concurrency, settings.countedOperations - done);
    wrong += (await burst(entry.requests.ours, check, batch)).wrong;
  }
  const after = await control.counts();
  const perOperation: Record<string, number> = {};
  for (const endpoint of ENDPOINT_NAMES) {
    if (endpoint === 'tokenByAkSk') continue;
    const calls = (after[endpoint] ?? 0) - (before[endpoint] ?? 0);
    if (calls > 0 || entry.scenario.minimumCalls[endpoint] !== undefined) {
      perOperation[endpoint] = calls / settings.countedOperations;
    }
  }
  entry.result.vendorCalls = {
    operations: settings.countedOperations,
    perOperation,
    minimum: { ...entry.scenario.minimumCalls },
    tokenCalls: (after.tokenByAkSk ?? 0) - (before.tokenByAkSk ?? 0),
    wrong,
  };
}

/** Waits until the simulator's counters stop moving: no operation is still calling the vendor. */
export async function vendorQuiet(control: SimulatorControlClient): Promise<void> {
  const total = async () => Object.values(await control.counts()).reduce((sum, n) => sum + n, 0);
  let last = await total();
  for (let i = 0; i < 300; i++) {
    await sleep(30);
    const now = await total();
    if (now === last) return;
    last = now;
  }
}

async function readProbe(server: Child, file: string): Promise<Record<string, number>> {
  rmSync(file, { force: true });
  server.process.kill('SIGUSR2');
  for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(20);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
}

export async function sustainedRun(
  entry: Prepared,
  server: Child,
  control: SimulatorControlClient,
  probeFile: string,
  settings: BenchSettings,
): Promise<Results['sustained']> {
  const check = entry.checks.ours as BodyCheck;
  // The run is at 0 ms vendor latency, so 70 % of what we managed there (or at all, without a 0 ms run).
  const atZero = entry.result.throughput['0']?.ours?.requestsPerSecond;
  const best =
    atZero ??
    Math.max(
      ...Object.values(entry.result.throughput).map((byTarget) => byTarget.ours?.requestsPerSecond ?? 0),
    );
  const rate = Math.max(1, Math.round(best * settings.sustainedShare));
  await setVendorLatency(control, 0);
  await readProbe(server, probeFile);
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(rssMb(server.pid)), 1_000);
  rss.push(rssMb(server.pid));
  const run = await throughput(entry.requests.ours, check, {
    connections: settings.connections,
    seconds: settings.sustainedSeconds,
    overallRate: rate,
  });
  clearInterval(sampler);
  rss.push(rssMb(server.pid));
  const eventLoop = await readProbe(server, probeFile);
  const third = Math.max(1, Math.floor(rss.length / 3));
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  return {
    scenario: entry.scenario.name,
    vendorLatencyMs: 0,
    askedRequestsPerSecond: rate,
    requestsPerSecond: run.requestsPerSecond,
    seconds: run.seconds,
    p99Ms: run.p99Ms,
    rssMb: {
      start: rss[0] ?? Number.NaN,
      end: rss.at(-1) ?? Number.NaN,
      max: Math.max(...rss),
      firstThirdMean: mean(rss.slice(0, third)),
      lastThirdMean: mean(rss.slice(-third)),
    },
    eventLoopLagMs: {
      p50: eventLoop.p50 ?? Number.NaN,
      p99: eventLoop.p99 ?? Number.NaN,
      max: eventLoop.max ?? Number.NaN,
    },
    wrong: run.wrong,
  };
}

export async function coldStart(
  entry: Prepared,
  control: SimulatorControlClient,
  server: { simulatorOrigin: string; jwtSecret: string; serverEnv: Record<string, string> },
  settings: BenchSettings,
) {
  const before = await control.counts();
  const spawned = performance.now();
  const cold = await startOurServer({
    simulatorOrigin: server.simulatorOrigin,
    jwtSecret: server.jwtSecret,
    env: server.serverEnv,
    name: 'ours-cold',
  });
  const startupMs = performance.now() - spawned;
  const target = { ...entry.requests.ours, url: `${cold.origin}/graphql` };
  const run = await burst(target, entry.checks.ours as BodyCheck, settings.coldStartOperations);
  const after = await control.counts();
  return {
    server: cold,
    figures: {
      scenario: entry.scenario.name,
      operations: settings.coldStartOperations,
      startupMs,
      tokenCalls: (after.tokenByAkSk ?? 0) - (before.tokenByAkSk ?? 0),
      firstAnswerMs: Math.min(...run.answeredAtMs),
      allAnswersMs: Math.max(...run.answeredAtMs),
      wrong: run.wrong + (settings.coldStartOperations - run.answeredAtMs.length),
    },
  };
}

/** The memory load: many concurrent `accessCodes(first: 100) { … routing(caller) }`. */
export async function routingMemoryLoad(
  server: Child,
  vendor: Vendor,
  headers: Record<string, string>,
  settings: BenchSettings,
): Promise<Results['routingLoad']> {
  const scenario = routingScenario(100);
  const graphql = scenario.request(Date.now());
  const body = JSON.stringify(graphql);
  const reference = await scenario.direct(vendor, {});
  const target: HttpRequest = { url: `${server.origin}/graphql`, body, headers };
  const res = await request(target.url, { method: 'POST', headers, body });
  const first = await res.body.text();
  const problem = problemOf(scenario, reference, first);
  const rssBefore = rssMb(server.pid);
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(server.pid));
  }, 200);
  // Rounds of exactly this many operations at once: bounded work, and a p50 over every operation.
  const check = answerCheck(scenario, reference, first);
  const times: number[] = [];
  let wrong = problem ? 1 : 0;
  const started = performance.now();
  for (let round = 0; round < settings.routingLoadRounds; round++) {
    const run = await burst(target, check, settings.routingLoadConnections);
    times.push(...run.answeredAtMs);
    wrong += run.wrong;
  }
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(server.pid));
  return {
    connections: settings.routingLoadConnections,
    rounds: settings.routingLoadRounds,
    seconds: (performance.now() - started) / 1000,
    requests: times.length,
    p50Ms: percentile(times, 50),
    rssBeforeMb: rssBefore,
    rssPeakMb: peak,
    wrong,
    ...(problem ? { problem } : {}),
  };
}
