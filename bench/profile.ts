/**
 * A CPU profile of our server under one scenario's load (default: the page of 100 access codes) at 0 ms
 * vendor latency: `npm run bench:profile [-- <scenario>] [--against=jit|plain]`. Starts the simulator and
 * the server as deployed with `node --cpu-prof`, checks every answer, loads it for BENCH_PROFILE_SECONDS
 * (5) after a 1 s warm-up, stops it and summarises the profile: self time by function and by file or
 * package. `--against` profiles that baseline under the same load afterwards and prints both side by
 * side, in µs per answer, largest excess first: where our CPU goes that the baseline's does not. The
 * .cpuprofile files are kept (open them in Chrome DevTools or speedscope).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { createControlClient } from '../src/simulator/control-client.js';
import { SCENARIOS } from './scenarios/index.js';
import type { Scenario } from './scenarios/scenario.js';
import { answerCheck, problemOf } from './support/answers.js';
import { mintBenchToken, simulatorVendor } from './support/bench-clients.js';
import { type Throughput, throughput } from './support/load.js';
import {
  type BaselineName,
  type Child,
  logDirectory,
  ROOT,
  startBaseline,
  startOurServer,
  startSimulator,
} from './support/processes.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the monotonic clock. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
/** Self time in ms, by function and by place, of the samples taken during the load. */
interface SelfTime {
  functions: Map<string, number>;
  places: Map<string, number>;
  busyMs: number;
  idleMs: number;
}

const args = process.argv.slice(2);
const name = args.find((arg) => !arg.startsWith('--')) ?? 'access-codes';
const scenario: Scenario = scenarioNamed(name);
const against = baselineNamed(args.find((arg) => arg.startsWith('--against='))?.slice('--against='.length));
const seconds = Number(process.env.BENCH_PROFILE_SECONDS ?? 5);

if (process.env.BENCH_SKIP_BUILD !== '1') {
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}
const simulator = await startSimulator();
await createControlClient(simulator.origin).clearFaults();
const vendor = simulatorVendor(simulator.origin);
const graphql = scenario.request(Date.now());
const reference = await scenario.direct(vendor, graphql.variables ?? {});

const jwtSecret = randomBytes(32).toString('base64url');
const ours = await profileUnderLoad(
  'ours',
  (nodeArgs) =>
    startOurServer({ simulatorOrigin: simulator.origin, jwtSecret, env: scenario.serverEnv ?? {}, nodeArgs }),
  { authorization: `Bearer ${await mintBenchToken(jwtSecret)}` },
);
const baseline = against
  ? await profileUnderLoad(against, (nodeArgs) => startBaseline(against, simulator.origin, nodeArgs), {})
  : undefined;
await vendor.close();
await simulator.stop();

printSelfTime(ours.self);
console.log(`\n${scenario.title}: ${describe(ours)}`);
if (baseline) {
  printComparison(ours, baseline, baseline.label);
  console.log(`\n${baseline.label}: ${describe(baseline)}`);
}

interface Profiled {
  label: string;
  run: Throughput;
  self: SelfTime;
  file: string;
}

/** Starts a server with --cpu-prof, checks its first answer, loads it, stops it and reads its profile. */
async function profileUnderLoad(
  label: string,
  start: (nodeArgs: string[]) => Promise<Child>,
  headers: Record<string, string>,
): Promise<Profiled> {
  const profileDir = join(logDirectory(), `cpu-profile-${label}`);
  const server = await start(['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  const target = {
    url: `${server.origin}/graphql`,
    body: JSON.stringify(graphql),
    headers: { 'content-type': 'application/json', ...headers },
  };
  const first = await (
    await request(target.url, { method: 'POST', headers: target.headers, body: target.body })
  ).body.text();
  const problem = problemOf(scenario, reference, first);
  if (problem) throw new Error(`${label}: wrong first answer: ${problem}`);
  const check = answerCheck(scenario, reference, first);
  await throughput(target, check, { connections: 32, seconds: 1 });
  // V8 stamps samples with the monotonic clock in µs, the clock process.hrtime reads: the load's window.
  const micros = () => Number(process.hrtime.bigint() / 1000n);
  const loadStarted = micros();
  const run = await throughput(target, check, { connections: 32, seconds });
  const loadEnded = micros();
  // The profile is written when the process exits; the directory may hold earlier runs' files.
  const before = new Set(filesIn(profileDir));
  await server.stop();
  const file = filesIn(profileDir).find((entry) => !before.has(entry));
  if (!file) throw new Error(`no new .cpuprofile in ${profileDir}`);
  const path = join(profileDir, file);
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  return { label, run, self: selfTime(profile, { from: loadStarted, to: loadEnded }), file: path };
}

function scenarioNamed(wanted: string): Scenario {
  const found = SCENARIOS.find((candidate) => candidate.name === wanted);
  if (!found)
    throw new Error(`Unknown scenario ${wanted}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return found;
}

/** The baseline `--against` names: the yoga servers only (the oracle is no GraphQL server). */
function baselineNamed(value: string | undefined): Extract<BaselineName, 'jit' | 'plain'> | undefined {
  if (value === undefined || value === 'jit' || value === 'plain') return value;
  throw new Error('--against takes jit or plain');
}

function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((entry) => entry.endsWith('.cpuprofile'));
  } catch {
    return [];
  }
}

function describe({ run, file }: Profiled): string {
  return (
    `${run.requestsPerSecond.toFixed(0)} req/s over ${run.seconds} s, ${run.wrong} wrong; ` +
    `profile ${file}`
  );
}

/** Where a frame's code lives: a package, our dist/ file, a node: module, or V8's own bucket. */
function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (pkg) return pkg;
  if (path.startsWith('node:')) return path;
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

/** Self time of the samples taken during the load (µs on the monotonic clock). */
function selfTime(
  { nodes, startTime, samples, timeDeltas }: CpuProfile,
  { from, to }: { from: number; to: number },
): SelfTime {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  let at = startTime;
  for (const [index, id] of samples.entries()) {
    const delta = timeDeltas[index] ?? 0;
    at += delta;
    if (at >= from && at <= to) selfMs.set(id, (selfMs.get(id) ?? 0) + delta / 1000);
  }
  const functions = new Map<string, number>();
  const places = new Map<string, number>();
  let idleMs = 0;
  for (const [id, time] of selfMs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idleMs += time;
      continue;
    }
    const place = placeOf(frame.url, frame.functionName);
    const fn = `${frame.functionName || '(anonymous)'}  ${place}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + time);
    places.set(place, (places.get(place) ?? 0) + time);
  }
  const busyMs = [...functions.values()].reduce((sum, v) => sum + v, 0);
  return { functions, places, busyMs, idleMs };
}

function printSelfTime({ functions, places, busyMs, idleMs }: SelfTime): void {
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, time]) => `| ${((time / busyMs) * 100).toFixed(1).padStart(5)} % | ${key} |`)
      .join('\n');
  console.log(
    `\nSelf time by function, share of ${(busyMs / 1000).toFixed(2)} s busy during the load ` +
      `(idle ${(idleMs / 1000).toFixed(2)} s more):\n\n| share | function  file:line |\n| --- | --- |`,
  );
  console.log(top(functions, 25));
  console.log('\nSelf time by package or file:\n\n| share | where |\n| --- | --- |');
  console.log(top(places, 20));
}

/** Self time per answer by place, ours against the baseline's, largest excess of ours first. */
function printComparison(ours: Profiled, baseline: Profiled, label: string): void {
  const perAnswer = ({ self, run }: Profiled, place: string) =>
    ((self.places.get(place) ?? 0) * 1000) / Math.max(1, run.requests);
  const rows = [...new Set([...ours.self.places.keys(), ...baseline.self.places.keys()])]
    .map((place) => ({ place, ours: perAnswer(ours, place), baseline: perAnswer(baseline, place) }))
    .sort((a, b) => b.ours - b.baseline - (a.ours - a.baseline));
  const line = (ours: number, theirs: number, where: string) =>
    `| ${ours.toFixed(1).padStart(6)} | ${theirs.toFixed(1).padStart(6)} | ${(ours - theirs).toFixed(1).padStart(6)} | ${where} |`;
  const total = (profiled: Profiled) => (profiled.self.busyMs * 1000) / Math.max(1, profiled.run.requests);
  console.log(
    `\nSelf time per answer (µs) by package or file, this server against ${label}, largest excess first:\n\n` +
      `| ours | ${label} | excess | where |\n| --- | --- | --- | --- |`,
  );
  console.log(line(total(ours), total(baseline), '(all busy time)'));
  // The largest excesses, then the places where the baseline spends more.
  const shown = rows.length <= 33 ? rows : [...rows.slice(0, 25), ...rows.slice(-8)];
  for (const row of shown) {
    console.log(line(row.ours, row.baseline, row.place));
  }
}
