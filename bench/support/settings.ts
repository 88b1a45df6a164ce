/** The benchmark's knobs: environment variables with defaults sized so `npm run bench` stays under 5 minutes. */
export interface BenchSettings {
  connections: number;
  /** Vendor latencies added by the simulator to every call, ms. */
  latenciesMs: number[];
  /**
   * Seconds of each throughput round; every target runs `rounds` rounds, interleaved (direct, ours, …,
   * direct, ours, …), after `warmupSeconds` of the same load each (first latency only).
   */
  seconds: number;
  rounds: number;
  /** WEB_CONCURRENCY of the "workers" target: this server as node:cluster workers. */
  workers: number;
  warmupSeconds: number;
  /** Requests (and a time bound) of each concurrency-1 latency run, after a few unmeasured ones. */
  latencyRequests: number;
  latencyMaxSeconds: number;
  /** Operations per scenario for the vendor-call count. */
  countedOperations: number;
  coldStartOperations: number;
  sustainedSeconds: number;
  /** Share of our maximum throughput the sustained run asks for. */
  sustainedShare: number;
  /** Operations at once in the memory load, and how many times. */
  routingLoadConnections: number;
  routingLoadRounds: number;
  build: boolean;
}

function integer(name: string, fallback: number, min = 0): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}`);
  return value;
}

/** `quick` (`--quick`) shortens every run, for trying the bench out; its figures are rough. */
export function benchSettings(quick: boolean): BenchSettings {
  const latencies = (process.env.BENCH_LATENCIES_MS ?? '0,20')
    .split(',')
    .map((value) => Number(value.trim()));
  if (latencies.some((value) => !Number.isInteger(value) || value < 0)) {
    throw new Error('BENCH_LATENCIES_MS must be a comma-separated list of whole milliseconds');
  }
  return {
    connections: integer('BENCH_CONNECTIONS', 32, 1),
    latenciesMs: latencies,
    // autocannon stops on its 1 s tick, so runs are whole seconds.
    seconds: integer('BENCH_SECONDS', 1, 1),
    rounds: integer('BENCH_ROUNDS', quick ? 1 : 3, 1),
    workers: integer('BENCH_WORKERS', 2, 2),
    warmupSeconds: integer('BENCH_WARMUP_SECONDS', 1),
    latencyRequests: integer('BENCH_LATENCY_REQUESTS', quick ? 50 : 100, 1),
    latencyMaxSeconds: integer('BENCH_LATENCY_MAX_SECONDS', 1, 1),
    countedOperations: integer('BENCH_COUNTED_OPERATIONS', 40, 1),
    coldStartOperations: integer('BENCH_COLD_START_OPERATIONS', 200, 1),
    sustainedSeconds: integer('BENCH_SUSTAINED_SECONDS', quick ? 5 : 60, 1),
    sustainedShare: 0.7,
    routingLoadConnections: integer('BENCH_ROUTING_CONNECTIONS', 200, 1),
    routingLoadRounds: integer('BENCH_ROUTING_ROUNDS', 1, 1),
    build: process.env.BENCH_SKIP_BUILD !== '1',
  };
}
