/**
 * The benchmark run: build, start the simulator, our server as deployed (one process, and as node:cluster
 * workers on a Redis of their own) and the three baselines (each in a process of its own), check one
 * answer of every target against the direct vendor answer, then measure one thing at a time from this
 * process: vendor calls per operation, throughput at each vendor latency (interleaved rounds),
 * latency at concurrency 1, a sustained run at 70 % of our best throughput (RSS, event-loop lag), a cold
 * start of 200 concurrent operations, and 200 concurrent 100-row routing operations (RSS).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { createControlClient } from '../../src/simulator/control-client.js';
import { startRedisServer } from '../../test/support/redis-server.js';
import type { Vendor } from '../baselines/vendor.js';
import type { Scenario } from '../scenarios/scenario.js';
import { answerCheck, problemOf } from './answers.js';
import { mintBenchToken, simulatorVendor } from './bench-clients.js';
import { keyedCallOverhead } from './keyed-calls.js';
import { type BodyCheck, type HttpRequest, interleavedLatency } from './load.js';
import {
  coldStart,
  countVendorCalls,
  type Prepared,
  routingMemoryLoad,
  setVendorLatency,
  sustainedRun,
} from './measurements.js';
import {
  type Child,
  logDirectory,
  machineBusySeconds,
  ROOT,
  startBaseline,
  startOurServer,
  startSimulator,
  treeCpuSeconds,
} from './processes.js';
import { printReport } from './report.js';
import { type Results, type ScenarioResult, TARGET_NAMES, type TargetName } from './results.js';
import { interleavedThroughput } from './rounds.js';
import { type BenchSettings, benchSettings } from './settings.js';
import { evaluateTargets } from './targets.js';

const RESULTS_FILE = fileURLToPath(new URL('../results.json', import.meta.url));

/** `npm run bench [-- <scenario>…] [--quick]`; exits non-zero when any answer was wrong. */
export async function runBenchCli(all: readonly Scenario[]): Promise<void> {
  const args = process.argv.slice(2);
  const names = args.filter((arg) => !arg.startsWith('--'));
  const unknown = names.filter((name) => !all.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown scenario ${unknown.join(', ')}; known: ${all.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  const scenarios = names.length > 0 ? all.filter((scenario) => names.includes(scenario.name)) : all;
  const results = await runBench(scenarios, benchSettings(args.includes('--quick')));
  results.targets = evaluateTargets(results);
  printReport(results);
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWritten ${RESULTS_FILE}; child logs in ${logDirectory()}`);
  process.exit(results.wrongAnswers > 0 ? 1 : 0);
}

async function runBench(scenarios: readonly Scenario[], settings: BenchSettings): Promise<Results> {
  const startedAt = new Date();
  const started = performance.now();
  const progress = (text: string) =>
    console.error(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${text}`);
  if (settings.build) {
    progress('npm run build');
    build();
  }
  progress('starting the simulator, this server and the baselines');
  const simulator = await startSimulator();
  const control = createControlClient(simulator.origin);
  const jwtSecret = randomBytes(32).toString('base64url');
  const token = await mintBenchToken(jwtSecret);
  const probeFile = join(logDirectory(), 'event-loop.json');
  const serverEnv = Object.assign({}, ...scenarios.map((scenario) => scenario.serverEnv ?? {}));
  // The workers share idempotency keys and call counts through Redis, as WEB_CONCURRENCY requires.
  const redis = await startRedisServer();
  const [ours, workers, direct, plain, jit] = await Promise.all([
    startOurServer({ simulatorOrigin: simulator.origin, jwtSecret, env: serverEnv, probeFile }),
    startOurServer({
      simulatorOrigin: simulator.origin,
      jwtSecret,
      env: { ...serverEnv, WEB_CONCURRENCY: String(settings.workers), REDIS_URL: redis.url },
      name: 'workers',
    }),
    startBaseline('oracle', simulator.origin),
    startBaseline('plain', simulator.origin),
    startBaseline('jit', simulator.origin),
  ]);
  const targets: Record<TargetName, Child> = { direct, ours, workers, plain, jit };
  const vendor = simulatorVendor(simulator.origin);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const children = () => [simulator, ...Object.values(targets)];
  const busyAtStart = machineBusySeconds();
  const ownAtStart = ownCpuSeconds(children());
  const comparisonStarted = performance.now();
  const now = Date.now();

  const prepared: Prepared[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    // The workers are compared where the targets are (the first scenario), to stay within 5 minutes.
    const names = TARGET_NAMES.filter((name) => name !== 'workers' || index === 0);
    prepared.push(await prepare(scenario, vendor, targets, names, headers, now));
  }
  progress('vendor calls per operation');
  await setVendorLatency(control, 0);
  for (const entry of prepared) await countVendorCalls(entry, control, settings);

  for (const [index, latencyMs] of settings.latenciesMs.entries()) {
    await setVendorLatency(control, latencyMs);
    for (const [entryIndex, entry] of prepared.entries()) {
      // The first scenario's warm-up warms every process (and the simulator they share); each later
      // scenario's document was answered already (prepare), and its code paths warm in its first round.
      const warmupSeconds = index === 0 && entryIndex === 0 ? settings.warmupSeconds : 0;
      progress(`throughput, ${entry.scenario.name}, ${latencyMs} ms vendor latency`);
      entry.result.throughput[String(latencyMs)] = await interleavedThroughput(
        entry,
        targets,
        control,
        settings,
        warmupSeconds,
      );
    }
  }

  progress('latency at concurrency 1, 0 ms vendor latency');
  await setVendorLatency(control, 0);
  for (const entry of prepared) {
    const measured = TARGET_NAMES.filter((name) => entry.checks[name]);
    entry.result.latency = await interleavedLatency(
      Object.fromEntries(
        measured.map((name) => [
          name,
          { target: entry.requests[name], check: entry.checks[name] as BodyCheck },
        ]),
      ),
      { warmup: 20, maxRequests: settings.latencyRequests, maxSeconds: settings.latencyMaxSeconds },
    );
  }
  const otherLoadCores =
    (machineBusySeconds() - busyAtStart - (ownCpuSeconds(children()) - ownAtStart)) /
    ((performance.now() - comparisonStarted) / 1000);

  const calls = prepared.find((entry) => entry.scenario.name === 'create-anonymous-call');
  let keyedCalls: Results['keyedCalls'] = null;
  if (calls?.checks.ours) {
    progress('createAnonymousCall with and without an idempotency key, Redis');
    keyedCalls = await keyedCallOverhead({
      scenario: calls.scenario,
      reference: calls.reference,
      ours,
      headers,
      control,
      simulatorOrigin: simulator.origin,
      jwtSecret,
      serverEnv,
      settings,
    });
  }

  const [first] = prepared;
  let sustained: Results['sustained'] = null;
  if (first?.checks.ours) {
    progress(`sustained ${settings.sustainedSeconds} s, ${first.scenario.name}`);
    sustained = await sustainedRun(first, ours, control, probeFile, settings);
  }
  // Nothing more is measured on them: no need to wait for graceful shutdowns.
  await Promise.all([ours, workers, direct, plain, jit].map((child) => child.stop('SIGKILL')));
  await redis.stop();

  progress('cold start');
  const coldLatency = Math.max(...settings.latenciesMs);
  await setVendorLatency(control, coldLatency);
  const cold = first?.checks.ours
    ? await coldStart(first, control, { simulatorOrigin: simulator.origin, jwtSecret, serverEnv }, settings)
    : null;
  let routingLoad: Results['routingLoad'] = null;
  if (cold) {
    progress(`${settings.routingLoadConnections} concurrent 100-row routing operations`);
    await setVendorLatency(control, 0);
    routingLoad = await routingMemoryLoad(cold.server, vendor, headers, settings);
    // Nothing of it is measured any more: no need to wait for a graceful shutdown.
    await cold.server.stop('SIGKILL');
  }

  await vendor.close();
  await simulator.stop();
  const scenarioResults = prepared.map((entry) => entry.result);
  const wrongAnswers =
    scenarioResults.reduce((sum, r) => sum + r.problems.length + wrongIn(r), 0) +
    (sustained?.wrong ?? 0) +
    (cold?.figures.wrong ?? 0) +
    (routingLoad?.wrong ?? 0) +
    (keyedCalls ? keyedCalls.wrong + keyedCalls.problems.length : 0);
  return {
    startedAt: startedAt.toISOString(),
    runtimeSeconds: Math.round((performance.now() - started) / 1000),
    machine: machine(otherLoadCores),
    settings,
    scenarios: scenarioResults,
    coldStart: cold ? { vendorLatencyMs: coldLatency, ...cold.figures } : null,
    sustained,
    routingLoad,
    keyedCalls,
    wrongAnswers,
    targets: [],
  };
}

function build(): void {
  const run = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('npm run build failed');
}

function targetRequest(
  name: TargetName,
  child: Child,
  scenario: Scenario,
  body: string,
  headers: Record<string, string>,
): HttpRequest {
  return {
    url: name === 'direct' ? `${child.origin}/${scenario.name}` : `${child.origin}/graphql`,
    body,
    headers,
  };
}

/** The reference answer (direct vendor calls), and one answer of each target checked against it. */
async function prepare(
  scenario: Scenario,
  vendor: Vendor,
  targets: Record<TargetName, Child>,
  names: readonly TargetName[],
  headers: Record<string, string>,
  now: number,
): Promise<Prepared> {
  const graphql = scenario.request(now);
  const body = JSON.stringify(graphql);
  const reference = await scenario.direct(vendor, graphql.variables ?? {});
  const result: ScenarioResult = {
    name: scenario.name,
    title: scenario.title,
    problems: [],
    throughput: {},
    latency: {},
    vendorCalls: null,
  };
  const requests = Object.fromEntries(
    TARGET_NAMES.map((name) => [name, targetRequest(name, targets[name], scenario, body, headers)]),
  ) as Record<TargetName, HttpRequest>;
  const checks: Prepared['checks'] = {};
  for (const name of names) {
    const target = requests[name];
    const res = await request(target.url, {
      method: 'POST',
      headers: target.headers,
      body,
    });
    const answer = await res.body.text();
    const problem =
      res.statusCode === 200
        ? problemOf(scenario, reference, answer)
        : `HTTP ${res.statusCode}: ${answer.slice(0, 300)}`;
    if (problem) result.problems.push(`${name}: ${problem}`);
    else checks[name] = answerCheck(scenario, reference, answer);
  }
  return { scenario, reference, requests, checks, result };
}

function wrongIn(result: ScenarioResult): number {
  const runs = Object.values(result.throughput).flatMap((byTarget) => Object.values(byTarget));
  return (
    runs.reduce((sum, run) => sum + (run?.wrong ?? 0), 0) +
    Object.values(result.latency).reduce((sum, run) => sum + (run?.wrong ?? 0), 0) +
    (result.vendorCalls?.wrong ?? 0)
  );
}

function ownCpuSeconds(children: Child[]): number {
  const self = process.cpuUsage();
  return children.reduce((sum, child) => sum + treeCpuSeconds(child.pid), (self.user + self.system) / 1e6);
}

function machine(otherLoadCores: number): Results['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    otherLoadCores: Math.round(otherLoadCores * 100) / 100,
  };
}
