/**
 * A CPU profile of our server under one scenario's load (default: the page of 100 access codes) at 0 ms
 * vendor latency: `npm run bench:profile [-- <scenario>]`. Starts the simulator and the server as
 * deployed with `node --cpu-prof`, checks every answer, loads it for BENCH_PROFILE_SECONDS (5) after a
 * 1 s warm-up, stops it and summarises the profile: self time by function and by file or package. The
 * .cpuprofile is kept (open it in Chrome DevTools or speedscope).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { createControlClient } from '../src/simulator/control-client.js';
import { SCENARIOS } from './scenarios/index.js';
import { answerCheck, problemOf } from './support/answers.js';
import { mintBenchToken, simulatorVendor } from './support/bench-clients.js';
import { throughput } from './support/load.js';
import { logDirectory, ROOT, startOurServer, startSimulator } from './support/processes.js';

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

const name = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 'access-codes';
const scenario = SCENARIOS.find((candidate) => candidate.name === name);
if (!scenario) throw new Error(`Unknown scenario ${name}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
const seconds = Number(process.env.BENCH_PROFILE_SECONDS ?? 5);

if (process.env.BENCH_SKIP_BUILD !== '1') {
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}
const profileDir = join(logDirectory(), 'cpu-profile');
const simulator = await startSimulator();
await createControlClient(simulator.origin).clearFaults();
const jwtSecret = randomBytes(32).toString('base64url');
const server = await startOurServer({
  simulatorOrigin: simulator.origin,
  jwtSecret,
  env: scenario.serverEnv ?? {},
  nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
});
const token = await mintBenchToken(jwtSecret);
const vendor = simulatorVendor(simulator.origin);
const graphql = scenario.request(Date.now());
const reference = await scenario.direct(vendor, graphql.variables ?? {});
const target = {
  url: `${server.origin}/graphql`,
  body: JSON.stringify(graphql),
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
};
const first = await (
  await request(target.url, { method: 'POST', headers: target.headers, body: target.body })
).body.text();
const problem = problemOf(scenario, reference, first);
if (problem) throw new Error(`wrong first answer: ${problem}`);
const check = answerCheck(scenario, reference, first);
await throughput(target, check, { connections: 32, seconds: 1 });
// V8 stamps samples with the monotonic clock in µs, the clock process.hrtime reads: the load's window.
const micros = () => Number(process.hrtime.bigint() / 1000n);
const loadStarted = micros();
const run = await throughput(target, check, { connections: 32, seconds });
const loadEnded = micros();
// The profile is written when the process exits.
await server.stop();
await vendor.close();
await simulator.stop();

const file = readdirSync(profileDir).find((entry) => entry.endsWith('.cpuprofile'));
if (!file) throw new Error(`no .cpuprofile in ${profileDir}`);
const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
summarise(profile, { from: loadStarted, to: loadEnded });
console.log(
  `\n${scenario.title}: ${run.requestsPerSecond.toFixed(0)} req/s over ${run.seconds} s, ${run.wrong} wrong; ` +
    `profile ${join(profileDir, file)}`,
);

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
function summarise(
  { nodes, startTime, samples, timeDeltas }: CpuProfile,
  { from, to }: { from: number; to: number },
): void {
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
  let idle = 0;
  for (const [id, time] of selfMs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idle += time;
      continue;
    }
    const place = placeOf(frame.url, frame.functionName);
    const fn = `${frame.functionName || '(anonymous)'}  ${place}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + time);
    places.set(place, (places.get(place) ?? 0) + time);
  }
  const busy = [...functions.values()].reduce((sum, v) => sum + v, 0);
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, time]) => `| ${((time / busy) * 100).toFixed(1).padStart(5)} % | ${key} |`)
      .join('\n');
  console.log(
    `\nSelf time by function, share of ${(busy / 1000).toFixed(2)} s busy during the load ` +
      `(idle ${(idle / 1000).toFixed(2)} s more):\n\n| share | function  file:line |\n| --- | --- |`,
  );
  console.log(top(functions, 25));
  console.log('\nSelf time by package or file:\n\n| share | where |\n| --- | --- |');
  console.log(top(places, 20));
}
