/**
 * How fast the embedded simulator answers its two heaviest C1 lists (limit 100), so benchmarks of the
 * GraphQL layer can check the simulator is not their bottleneck. Run: npx tsx bench/simulator-throughput.ts
 * Optional: BENCH_REQUESTS (default 20000), BENCH_CONCURRENCY (default 32).
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { ENDPOINT_PATHS, startSimulator } from '../src/simulator/index.js';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
// A hard stop, so a regression cannot make the benchmark run forever.
const DEADLINE_MS = 30_000;

const REQUESTS = [
  { path: ENDPOINT_PATHS.queryAccessCodeList, body: JSON.stringify({ limit: 100, offset: 0 }) },
  { path: ENDPOINT_PATHS.queryPhone, body: JSON.stringify({ limit: '100', offset: '0' }) },
] as const;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const simulator = await startSimulator();
  const pool = new Pool(simulator.url, { connections: CONCURRENCY, pipelining: 1 });
  try {
    const tokenRes = await pool.request({
      method: 'POST',
      path: ENDPOINT_PATHS.tokenByAkSk,
      headers: { 'content-type': 'application/json', 'x-token-expire': '3600' },
      body: JSON.stringify({
        app_key: simulator.credentials.appKey,
        app_secret: simulator.credentials.appSecret,
      }),
    });
    const { AccessToken } = (await tokenRes.body.json()) as { AccessToken: string };
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${AccessToken}`,
      'x-app-key': simulator.credentials.appKey,
    };

    const latencies = new Float64Array(TOTAL);
    let issued = 0;
    let completed = 0;
    let failures = 0;
    let bytes = 0;
    const started = performance.now();
    const worker = async () => {
      while (issued < TOTAL && performance.now() - started < DEADLINE_MS) {
        const target = REQUESTS[issued % REQUESTS.length];
        issued += 1;
        if (!target) continue;
        const t0 = performance.now();
        const res = await pool.request({ method: 'POST', path: target.path, headers, body: target.body });
        const body = await res.body.arrayBuffer();
        latencies[completed] = performance.now() - t0;
        completed += 1;
        bytes += body.byteLength;
        if (res.statusCode !== 200) failures += 1;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsed = (performance.now() - started) / 1000;
    const sorted = latencies.slice(0, completed).sort();
    const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
    process.stdout.write(
      [
        `simulator throughput: ${completed} requests (queryAccessCodeList + queryPhone, limit 100), concurrency ${CONCURRENCY}`,
        `  ${(completed / elapsed).toFixed(0)} requests/s over ${elapsed.toFixed(2)} s, ${(bytes / elapsed / 1e6).toFixed(1)} MB/s`,
        `  latency p50 ${fmt(percentile(sorted, 50))}, p99 ${fmt(percentile(sorted, 99))}, max ${fmt(sorted[sorted.length - 1] ?? Number.NaN)}`,
        `  non-200 answers: ${failures}`,
      ]
        .map((line) => `${line}\n`)
        .join(''),
    );
    if (failures > 0) process.exitCode = 1;
  } finally {
    await pool.close();
    await simulator.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
