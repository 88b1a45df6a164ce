/**
 * The load this process generates: autocannon for throughput (bounded by duration), an undici loop for
 * latency at concurrency 1 (autocannon's histogram counts whole milliseconds), and bursts of concurrent
 * operations. Every body is checked with the given function; a run with a wrong answer counts it.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Client, Pool } from 'undici';

export interface HttpRequest {
  /** Full URL: the server's GraphQL endpoint or the oracle's scenario path. */
  url: string;
  body: string;
  headers: Record<string, string>;
  /** The body of the n-th request, when requests differ (e.g. a fresh idempotency key each); else `body`. */
  bodyFor?: (n: number) => string;
}

export type BodyCheck = (body: string) => boolean;

export interface Throughput {
  requestsPerSecond: number;
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  /** Wrong bodies, non-2xx statuses, socket errors and timeouts. */
  wrong: number;
}

export interface ThroughputOptions {
  connections: number;
  seconds: number;
  /** Requests per second over all connections; unset: as fast as the server answers. */
  overallRate?: number;
}

export async function throughput(
  target: HttpRequest,
  check: BodyCheck,
  options: ThroughputOptions,
): Promise<Throughput> {
  let n = 0;
  const { bodyFor } = target;
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body: target.body,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    verifyBody: check,
    ...(bodyFor ? { requests: [{ setupRequest: (request) => ({ ...request, body: bodyFor(n++) }) }] } : {}),
  });
  const requests = result['2xx'] + result.non2xx;
  return {
    requestsPerSecond: requests / result.duration,
    requests,
    seconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    wrong: result.mismatches + result.non2xx + result.errors + result.timeouts,
  };
}

export interface Latency {
  requests: number;
  p50Ms: number;
  p90Ms: number;
  wrong: number;
}

export interface LatencyOptions {
  /** Unmeasured requests first. */
  warmup: number;
  maxRequests: number;
  /** Per target. */
  maxSeconds: number;
}

/** One request after another on one keep-alive connection, each timed from send to the body's end. */
export async function sequentialLatency(
  target: HttpRequest,
  check: BodyCheck,
  options: LatencyOptions,
): Promise<Latency> {
  const { only } = await interleavedLatency({ only: { target, check } }, options);
  return only;
}

/**
 * The same for several targets at once, one request to each in turn (each on its own connection), so
 * that a drift of the machine during the run reaches every target alike.
 */
export async function interleavedLatency<Name extends string>(
  targets: Record<Name, { target: HttpRequest; check: BodyCheck }>,
  options: LatencyOptions,
): Promise<Record<Name, Latency>> {
  const entries = (Object.entries(targets) as Array<[Name, { target: HttpRequest; check: BodyCheck }]>).map(
    ([name, { target, check }]) => {
      const url = new URL(target.url);
      return {
        name,
        target,
        check,
        url,
        client: new Client(url.origin, { pipelining: 1 }),
        samples: [] as number[],
        wrong: 0,
      };
    },
  );
  try {
    const deadline = performance.now() + options.maxSeconds * 1000 * entries.length;
    for (let i = 0; i < options.warmup + options.maxRequests && performance.now() < deadline; i++) {
      for (const entry of entries) {
        const started = performance.now();
        const res = await entry.client.request({
          method: 'POST',
          path: entry.url.pathname,
          headers: entry.target.headers,
          body: entry.target.bodyFor?.(i) ?? entry.target.body,
        });
        const body = await res.body.text();
        const elapsed = performance.now() - started;
        if (res.statusCode !== 200 || !entry.check(body)) entry.wrong++;
        if (i >= options.warmup) entry.samples.push(elapsed);
      }
    }
  } finally {
    await Promise.all(entries.map((entry) => entry.client.close()));
  }
  return Object.fromEntries(
    entries.map(({ name, samples, wrong }) => [
      name,
      { requests: samples.length, p50Ms: percentile(samples, 50), p90Ms: percentile(samples, 90), wrong },
    ]),
  ) as Record<Name, Latency>;
}

export interface Burst {
  /** Milliseconds from sending the first request to each answer, in order of arrival. */
  answeredAtMs: number[];
  wrong: number;
}

/** `count` operations at once, each on a connection of its own. */
export async function burst(target: HttpRequest, check: BodyCheck, count: number): Promise<Burst> {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections: count, pipelining: 1 });
  const answeredAtMs: number[] = [];
  let wrong = 0;
  try {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        try {
          const res = await pool.request({
            method: 'POST',
            path: url.pathname,
            headers: target.headers,
            body: target.bodyFor?.(i) ?? target.body,
            headersTimeout: 60_000,
            bodyTimeout: 60_000,
          });
          const body = await res.body.text();
          answeredAtMs.push(performance.now() - started);
          if (res.statusCode !== 200 || !check(body)) wrong++;
        } catch {
          wrong++;
        }
      }),
    );
  } finally {
    await pool.close();
  }
  return { answeredAtMs, wrong };
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
