/**
 * How fast the embedded simulator answers its heaviest lists (limit 100): the two C1 lists and a signed C2
 * querycalls page, so benchmarks of the GraphQL layer can check the simulator is not their bottleneck.
 * Run: npx tsx bench/simulator-throughput.ts
 * Optional: BENCH_REQUESTS (default 20000), BENCH_CONCURRENCY (default 32).
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { signCmsRequest } from '../src/auth/cms-signature.js';
import { ENDPOINT_PATHS, type RunningSimulator, startSimulator } from '../src/simulator/index.js';

const TOTAL = positiveInteger('BENCH_REQUESTS', 20_000);
const CONCURRENCY = positiveInteger('BENCH_CONCURRENCY', 32);
// A hard stop, so a regression cannot make the benchmark run forever.
const DEADLINE_MS = 30_000;

/** One request of the mix; its headers are built per request (querycalls is signed per request). */
interface Target {
  name: string;
  path: string;
  body: string;
  headers: () => Record<string, string>;
}

interface Stats {
  latencies: number[];
  failures: number;
  bytes: number;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function bearerHeaders(pool: Pool, simulator: RunningSimulator): Promise<Record<string, string>> {
  const res = await pool.request({
    method: 'POST',
    path: ENDPOINT_PATHS.tokenByAkSk,
    headers: { 'content-type': 'application/json', 'x-token-expire': '3600' },
    body: JSON.stringify({
      app_key: simulator.credentials.appKey,
      app_secret: simulator.credentials.appSecret,
    }),
  });
  const { AccessToken } = (await res.body.json()) as { AccessToken: string };
  return {
    'content-type': 'application/json',
    authorization: `Bearer ${AccessToken}`,
    'x-app-key': simulator.credentials.appKey,
  };
}

function targets(simulator: RunningSimulator, bearer: Record<string, string>): Target[] {
  const host = new URL(simulator.url).host;
  const { earliest, latest } = simulator.dataset.queryWindow();
  const queryCalls = JSON.stringify({
    ccId: 1,
    vdn: 1,
    beginDate: earliest,
    endDate: latest,
    isCallIn: 'true',
    limit: 100,
  });
  const credentials = {
    accessKey: simulator.credentials.cmsAccessKey,
    secretKey: simulator.credentials.cmsSecretKey,
  };
  return [
    {
      name: 'queryAccessCodeList',
      path: ENDPOINT_PATHS.queryAccessCodeList,
      body: JSON.stringify({ limit: 100, offset: 0 }),
      headers: () => bearer,
    },
    {
      name: 'queryPhone',
      path: ENDPOINT_PATHS.queryPhone,
      body: JSON.stringify({ limit: '100', offset: '0' }),
      headers: () => bearer,
    },
    {
      // Signed per request by the system clock, as a real client does (the simulator runs on the system
      // clock too), so the C2 verification is in the measurement. Undici sends this same Host.
      name: 'querycalls',
      path: ENDPOINT_PATHS.querycalls,
      body: queryCalls,
      headers: () => ({
        'content-type': 'application/json;charset=UTF-8',
        authorization: signCmsRequest(
          credentials,
          { method: 'POST', path: ENDPOINT_PATHS.querycalls, headers: { host }, body: queryCalls },
          Date.now(),
        ),
      }),
    },
  ];
}

async function send(pool: Pool, target: Target): Promise<{ status: number; bytes: number }> {
  const res = await pool.request({
    method: 'POST',
    path: target.path,
    headers: target.headers(),
    body: target.body,
  });
  const body = await res.body.arrayBuffer();
  return { status: res.statusCode, bytes: body.byteLength };
}

/**
 * Sends up to `budget` requests (stopping at `deadline`) with `concurrency` workers split evenly over
 * `targets`, each worker keeping to one target; returns per-target stats and the elapsed seconds.
 */
async function runPhase(
  pool: Pool,
  targets: readonly Target[],
  budget: number,
  deadline: number,
): Promise<{ stats: Stats[]; elapsed: number }> {
  const stats = targets.map((): Stats => ({ latencies: [], failures: 0, bytes: 0 }));
  let issued = 0;
  const started = performance.now();
  const worker = async (index: number) => {
    const target = targets[index];
    const stat = stats[index];
    if (!target || !stat) return;
    while (issued < budget && performance.now() < deadline) {
      issued += 1;
      const t0 = performance.now();
      const { status, bytes } = await send(pool, target);
      stat.latencies.push(performance.now() - t0);
      stat.bytes += bytes;
      if (status !== 200) stat.failures += 1;
    }
  };
  const workers = Math.max(CONCURRENCY, targets.length);
  await Promise.all(Array.from({ length: workers }, (_, i) => worker(i % targets.length)));
  return { stats, elapsed: (performance.now() - started) / 1000 };
}

function statsLine(label: string, stat: Stats, elapsed: number): string {
  const sorted = [...stat.latencies].sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
  return (
    `  ${label.padEnd(20)} ${(sorted.length / elapsed).toFixed(0).padStart(6)} requests/s` +
    `  ${(stat.bytes / elapsed / 1e6).toFixed(1).padStart(5)} MB/s` +
    `  p50 ${fmt(percentile(sorted, 50))}, p99 ${fmt(percentile(sorted, 99))}, max ${fmt(sorted.at(-1) ?? Number.NaN)}` +
    `  non-200: ${stat.failures}`
  );
}

function combined(stats: readonly Stats[]): Stats {
  return {
    latencies: stats.flatMap((s) => s.latencies),
    failures: stats.reduce((sum, s) => sum + s.failures, 0),
    bytes: stats.reduce((sum, s) => sum + s.bytes, 0),
  };
}

async function main(): Promise<void> {
  const simulator = await startSimulator();
  const pool = new Pool(simulator.url, { connections: CONCURRENCY, pipelining: 1 });
  try {
    const mix = targets(simulator, await bearerHeaders(pool, simulator));
    // One untimed request each: builds the cached pages and the day of calls, and fails fast on a broken mix.
    for (const target of mix) {
      const { status } = await send(pool, target);
      if (status !== 200) throw new Error(`warm-up ${target.name} answered ${status}`);
    }
    const deadline = performance.now() + DEADLINE_MS;
    const lines: string[] = [];
    let sent = 0;
    let failures = 0;

    // The mix shares one server thread, so its per-endpoint rates come out close to equal; the second
    // section sends each endpoint alone to show what each one costs.
    const mixed = await runPhase(pool, mix, TOTAL, deadline);
    const mixedTotal = combined(mixed.stats);
    lines.push(
      `simulator throughput, mixed: ${mixedTotal.latencies.length} requests in ${mixed.elapsed.toFixed(2)} s, ` +
        `concurrency ${CONCURRENCY} split evenly over ${mix.map((t) => t.name).join(' + ')} (limit 100)`,
      ...mix.map((t, i) => statsLine(t.name, mixed.stats[i] ?? combined([]), mixed.elapsed)),
      statsLine('total', mixedTotal, mixed.elapsed),
      `each endpoint alone: ${Math.ceil(TOTAL / mix.length)} requests, concurrency ${CONCURRENCY}`,
    );
    sent += mixedTotal.latencies.length;
    failures += mixedTotal.failures;
    for (const target of mix) {
      const alone = await runPhase(pool, [target], Math.ceil(TOTAL / mix.length), deadline);
      const stat = combined(alone.stats);
      lines.push(statsLine(target.name, stat, alone.elapsed));
      sent += stat.latencies.length;
      failures += stat.failures;
    }
    process.stdout.write(lines.map((text) => `${text}\n`).join(''));
    if (performance.now() >= deadline)
      process.stdout.write(`stopped at the ${DEADLINE_MS / 1000} s deadline\n`);
    if (failures > 0 || sent < TOTAL + mix.length * Math.ceil(TOTAL / mix.length)) process.exitCode = 1;
  } finally {
    await pool.close();
    await simulator.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
