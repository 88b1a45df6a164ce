/** The targets of issue 13, evaluated against a run's results: printed with pass/fail, never asserted. */
import type { VendorEndpoint } from '../scenarios/scenario.js';
import { fixed, ms, times } from './format.js';
import type { Results, ScenarioResult, TargetCheck, TargetName } from './results.js';

const MAX_RSS_MB = 300;
const MAX_LAG_P99_MS = 20;
/** "Flat": the last third of the sustained run's RSS samples at most this much above the first third. */
const FLAT_RSS_GROWTH = 0.1;

export function ratio(
  result: ScenarioResult,
  latency: string,
  over: TargetName,
  of: TargetName = 'ours',
): number {
  const byTarget = result.throughput[latency];
  const ours = byTarget?.[of];
  const other = byTarget?.[over];
  if (!ours || !other || ours.wrong > 0 || other.wrong > 0) return Number.NaN;
  return ours.requestsPerSecond / other.requestsPerSecond;
}

export function addedP50(result: ScenarioResult): number {
  const { ours, direct } = result.latency;
  return ours && direct ? ours.p50Ms - direct.p50Ms : Number.NaN;
}

function callsMatchMinimum(calls: NonNullable<ScenarioResult['vendorCalls']>): boolean {
  const endpoints = new Set([...Object.keys(calls.perOperation), ...Object.keys(calls.minimum)]);
  return [...endpoints].every(
    (endpoint) => (calls.perOperation[endpoint] ?? 0) === (calls.minimum[endpoint as VendorEndpoint] ?? 0),
  );
}

const passOf = (value: number, ok: (v: number) => boolean) => (Number.isFinite(value) ? ok(value) : null);

export function evaluateTargets(results: Results): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const [first] = results.scenarios;
  if (first) {
    if (first.throughput['20']) {
      const value = ratio(first, '20', 'direct');
      checks.push({
        what: `${first.name}, 20 ms vendor latency: this server / direct`,
        figure: times(value),
        target: '≥ 0.75×',
        pass: passOf(value, (v) => v >= 0.75),
      });
    }
    if (first.throughput['0']) {
      const value = ratio(first, '0', 'jit');
      checks.push({
        what: `${first.name}, 0 ms vendor latency: this server / yoga + jit`,
        figure: times(value),
        target: '≥ 1.25×',
        pass: passOf(value, (v) => v >= 1.25),
      });
    }
    // The issue asks for node:cluster workers when one process falls short, reported beside it.
    const workers = `this server as ${results.settings.workers} workers`;
    if (first.throughput['20']?.workers) {
      const value = ratio(first, '20', 'direct', 'workers');
      checks.push({
        what: `${first.name}, 20 ms vendor latency: ${workers} / direct`,
        figure: times(value),
        target: '≥ 0.75×',
        pass: passOf(value, (v) => v >= 0.75),
      });
    }
    if (first.throughput['0']?.workers) {
      const value = ratio(first, '0', 'jit', 'workers');
      checks.push({
        what: `${first.name}, 0 ms vendor latency: ${workers} / yoga + jit`,
        figure: times(value),
        target: '≥ 1.25×',
        pass: passOf(value, (v) => v >= 1.25),
      });
    }
    const added = addedP50(first);
    checks.push({
      what: `${first.name}: added p50 at concurrency 1`,
      figure: ms(added),
      target: '≤ 1 ms',
      pass: passOf(added, (v) => v <= 1),
    });
  }
  for (const result of results.scenarios) {
    const calls = result.vendorCalls;
    checks.push({
      what: `${result.name}: vendor calls per operation`,
      figure: calls ? callsText(calls.perOperation) : '–',
      target: `= ${calls ? callsText(calls.minimum) : 'minimum'}`,
      pass: calls ? callsMatchMinimum(calls) : null,
    });
  }
  const cold = results.coldStart;
  checks.push({
    what: `cold start, ${cold?.operations ?? ''} concurrent operations: token calls`,
    figure: cold ? String(cold.tokenCalls) : '–',
    target: '= 1',
    pass: cold ? cold.tokenCalls === 1 : null,
  });
  const load = results.routingLoad;
  checks.push({
    what: `${load?.connections ?? ''} concurrent accessCodes(first: 100) with routing: peak RSS`,
    figure: load ? `${fixed(load.rssPeakMb, 0)} MB` : '–',
    target: `≤ ${MAX_RSS_MB} MB`,
    pass: load ? load.wrong === 0 && load.rssPeakMb <= MAX_RSS_MB : null,
  });
  const sustained = results.sustained;
  const growth = sustained ? sustained.rssMb.lastThirdMean / sustained.rssMb.firstThirdMean - 1 : Number.NaN;
  checks.push({
    what: `sustained ${sustained?.seconds ?? ''} s at 70 %: RSS growth, last third over first`,
    figure: Number.isFinite(growth) ? `${fixed(growth * 100, 1)} %` : '–',
    target: `≤ ${FLAT_RSS_GROWTH * 100} % (flat)`,
    pass: passOf(growth, (v) => v <= FLAT_RSS_GROWTH),
  });
  const lag = sustained?.eventLoopLagMs.p99 ?? Number.NaN;
  checks.push({
    what: 'sustained run at 70 %: event-loop lag p99',
    figure: ms(lag),
    target: `≤ ${MAX_LAG_P99_MS} ms`,
    pass: passOf(lag, (v) => v <= MAX_LAG_P99_MS),
  });
  return checks;
}

export function callsText(calls: Record<string, number | undefined>): string {
  const parts = Object.entries(calls).map(
    ([endpoint, n]) => `${fixed(n ?? 0, n !== undefined && Number.isInteger(n) ? 0 : 2)} ${endpoint}`,
  );
  return parts.length > 0 ? parts.join(' + ') : 'none';
}
