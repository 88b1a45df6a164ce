/** Throughput in interleaved rounds: every target once per round, so machine drift reaches all alike. */
import { type BodyCheck, type Throughput, throughput } from './load.js';
import { type Prepared, vendorQuiet } from './measurements.js';
import { type Child, treeCpuSeconds } from './processes.js';
import { type ScenarioResult, TARGET_NAMES, type TargetName, type TargetRun } from './results.js';
import type { BenchSettings } from './settings.js';

/**
 * Every target's throughput at one vendor latency: `rounds` rounds, each running every target once in
 * turn, so a drift of the machine (CPU boost, a neighbour, the simulator warming up) spreads over all of
 * them instead of favouring whichever ran last. A figure is the sum over its rounds.
 */
export async function interleavedThroughput(
  entry: Prepared,
  targets: Record<TargetName, Child>,
  control: Parameters<typeof vendorQuiet>[0],
  settings: BenchSettings,
  warmupSeconds: number,
): Promise<ScenarioResult['throughput'][string]> {
  const measured = TARGET_NAMES.filter((name) => entry.checks[name]);
  const load = { connections: settings.connections, seconds: settings.seconds };
  const wrongInWarmup: Partial<Record<TargetName, number>> = {};
  if (warmupSeconds > 0) {
    for (const name of measured) {
      const warm = await throughput(entry.requests[name], entry.checks[name] as BodyCheck, {
        ...load,
        seconds: warmupSeconds,
      });
      wrongInWarmup[name] = warm.wrong;
      await vendorQuiet(control);
    }
  }
  const rounds = new Map<TargetName, Array<{ run: Throughput; cpuSeconds: number }>>(
    measured.map((name) => [name, []]),
  );
  for (let round = 0; round < settings.rounds; round++) {
    for (const name of measured) {
      const pid = targets[name].pid;
      const cpuBefore = treeCpuSeconds(pid);
      const run = await throughput(entry.requests[name], entry.checks[name] as BodyCheck, load);
      const cpuSeconds = treeCpuSeconds(pid) - cpuBefore;
      // Operations the load generator gave up on at the end may still be running: let them finish.
      await vendorQuiet(control);
      rounds.get(name)?.push({ run, cpuSeconds });
    }
  }
  const figures: ScenarioResult['throughput'][string] = {};
  for (const name of measured) {
    figures[name] = combined(rounds.get(name) ?? [], wrongInWarmup[name] ?? 0);
  }
  return figures;
}

/** Rounds summed: requests over seconds; the latency percentiles are the rounds' medians. */
function combined(rounds: Array<{ run: Throughput; cpuSeconds: number }>, wrongInWarmup: number): TargetRun {
  const sum = (pick: (run: Throughput) => number) => rounds.reduce((total, { run }) => total + pick(run), 0);
  const median = (pick: (run: Throughput) => number) => {
    const sorted = rounds.map(({ run }) => pick(run)).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  };
  const requests = sum((run) => run.requests);
  const seconds = sum((run) => run.seconds);
  const cpuSeconds = rounds.reduce((total, round) => total + round.cpuSeconds, 0);
  return {
    requestsPerSecond: requests / seconds,
    requests,
    seconds,
    p50Ms: median((run) => run.p50Ms),
    p99Ms: median((run) => run.p99Ms),
    wrong: sum((run) => run.wrong) + wrongInWarmup,
    rounds: rounds.length,
    cpuMsPerAnswer: (cpuSeconds * 1000) / requests,
    cores: cpuSeconds / seconds,
  };
}
