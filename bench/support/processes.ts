/**
 * The benchmark's child processes: the simulator, our server as deployed, and the baselines, each in a
 * process of its own on a loopback port, with its output in a log file (never a pipe the load generator
 * would have to drain). Plus what Linux /proc says about them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { request } from 'undici';
import { DEMO_CREDENTIALS } from '../../src/simulator/index.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PROBE = pathToFileURL(fileURLToPath(new URL('event-loop-probe.mjs', import.meta.url))).href;
const LOG_DIR = join(tmpdir(), 'cec-bench');
let logDirReady = false;
const CREDENTIALS = DEMO_CREDENTIALS;
const running = new Set<ChildProcess>();
// A crashed or interrupted run must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  logFile: string;
  /** SIGTERM (then SIGKILL after 10 s), or SIGKILL at once. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/** The settings that point a process (ours or a baseline) at the simulator with its credentials. */
export function upstreamEnv(simulatorOrigin: string): Record<string, string> {
  return {
    CEC_BASE_URL: simulatorOrigin,
    CEC_APP_KEY: CREDENTIALS.appKey,
    CEC_APP_SECRET: CREDENTIALS.appSecret,
    CMS_BASE_URL: simulatorOrigin,
    CMS_ACCESS_KEY: CREDENTIALS.cmsAccessKey,
    CMS_SECRET_KEY: CREDENTIALS.cmsSecretKey,
  };
}

/** This process's environment without any setting of ours, so the children get only what we give them. */
function cleanEnv(): Record<string, string> {
  const keep = Object.entries(process.env).filter(
    ([key]) =>
      !/^(AUTH_|CEC_|CMS_|SIMULATOR_|MAX_|UPSTREAM_|LOG_|METRICS_|OTEL_|REDIS_|CALL_|NODE_OPTIONS)/.test(key),
  );
  return Object.fromEntries(keep.filter((entry): entry is [string, string] => entry[1] !== undefined));
}

interface SpawnOptions {
  name: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  /** A GET that answers 2xx once the process serves. */
  readyPath: string;
}

async function spawnChild({ name, args, env, port, readyPath }: SpawnOptions): Promise<Child> {
  const logFile = join(logDirectory(), `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  running.add(child);
  child.once('exit', () => running.delete(child));
  const origin = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new Error(`${name} exited (${code ?? signal}): ${tail(logFile)}`)),
    ),
  );
  exited.catch(() => undefined);
  await Promise.race([waitUntilServing(`${origin}${readyPath}`, 20_000, name), exited]);
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  };
  return { name, process: child, pid: child.pid ?? -1, origin, logFile, stop };
}

async function waitUntilServing(url: string, timeoutMs: number, name: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await request(url, { headersTimeout: 1_000, bodyTimeout: 1_000 });
      await res.body.dump();
      if (res.statusCode < 300) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not answer ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-2_000);
  } catch {
    return '';
  }
}

/** The standalone simulator (`node dist/simulator/main.js`), on the system clock. */
export async function startSimulator(): Promise<Child> {
  const port = await freePort();
  return spawnChild({
    name: 'simulator',
    args: ['dist/simulator/main.js'],
    env: {
      SIMULATOR_PORT: String(port),
      SIMULATOR_HOST: '127.0.0.1',
      CEC_APP_KEY: CREDENTIALS.appKey,
      CEC_APP_SECRET: CREDENTIALS.appSecret,
      CMS_ACCESS_KEY: CREDENTIALS.cmsAccessKey,
      CMS_SECRET_KEY: CREDENTIALS.cmsSecretKey,
    },
    port,
    readyPath: '/__simulator/counts',
  });
}

export interface OurServerOptions {
  simulatorOrigin: string;
  jwtSecret: string;
  /** Settings on top of "as deployed" (e.g. a scenario's call rate limit). */
  env?: Record<string, string>;
  /** The bench-only event-loop probe writes its figures here on SIGUSR2. */
  probeFile?: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  name?: string;
}

/**
 * `node dist/main.js` as deployed: NODE_ENV=production, client auth with an HS256 secret, every limit at its
 * default, LOG_LEVEL info (BENCH_LOG_LEVEL to change), pointed at the simulator like a real tenant.
 */
export async function startOurServer(options: OurServerOptions): Promise<Child> {
  const port = await freePort();
  const probe = options.probeFile ? ['--import', PROBE] : [];
  return spawnChild({
    name: options.name ?? 'ours',
    args: [...(options.nodeArgs ?? []), ...probe, 'dist/main.js'],
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      AUTH_JWT_SECRET: options.jwtSecret,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'info',
      ...upstreamEnv(options.simulatorOrigin),
      ...(options.probeFile ? { BENCH_PROBE_FILE: options.probeFile } : {}),
      ...options.env,
    },
    port,
    readyPath: '/health',
  });
}

export type BaselineName = 'oracle' | 'plain' | 'jit';

/**
 * A baseline from bench/baselines/, run from source through tsx's loader (it is not part of the build).
 * `nodeArgs`: extra node flags, e.g. --cpu-prof.
 */
export async function startBaseline(
  name: BaselineName,
  simulatorOrigin: string,
  nodeArgs: string[] = [],
): Promise<Child> {
  const port = await freePort();
  const file = name === 'oracle' ? 'bench/baselines/oracle.ts' : 'bench/baselines/plain-yoga.ts';
  return spawnChild({
    name,
    args: [...nodeArgs, '--import', 'tsx', file, ...(name === 'jit' ? ['--jit'] : [])],
    env: { NODE_ENV: 'production', PORT: String(port), ...upstreamEnv(simulatorOrigin) },
    port,
    readyPath: '/health',
  });
}

/** Resident set size in MB (Linux /proc); NaN elsewhere. */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds (user + system) a process has used (Linux /proc, USER_HZ 100); NaN elsewhere. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The process and its descendants (a cluster primary's workers), from Linux /proc; just `pid` elsewhere. */
export function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    // gone, or not Linux
  }
  return [pid, ...children.flatMap(processTree)];
}

/** CPU seconds of a process and its descendants (workers are not counted in their primary's). */
export function treeCpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, each) => sum + cpuSeconds(each), 0);
}

/** Busy CPU seconds of the whole machine (Linux /proc/stat), to tell how much other work ran meanwhile. */
export function machineBusySeconds(): number {
  try {
    const [user, nice, system, , , irq, softirq, steal] =
      readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    return [user, nice, system, irq, softirq, steal].reduce<number>((sum, n) => sum + (n ?? 0), 0) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Where the children's logs go: one directory, emptied when a run first uses it, so it holds the last run's. */
export function logDirectory(): string {
  if (!logDirReady) {
    rmSync(LOG_DIR, { recursive: true, force: true });
    mkdirSync(LOG_DIR, { recursive: true });
    logDirReady = true;
  }
  return LOG_DIR;
}
