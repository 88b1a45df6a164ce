/** The tables of a run on stdout (Markdown, so they paste into the README). */

import { fixed, ms, times } from './format.js';
import { KEYED_CALL_LABELS, type KeyedCallsResult, type KeyedCallVariant } from './keyed-calls.js';
import type { Throughput } from './load.js';
import { type Results, TARGET_NAMES, type TargetName } from './results.js';
import { addedP50, ratio } from './targets.js';

const LABELS: Record<TargetName, string> = {
  direct: 'direct',
  ours: 'this server',
  workers: 'this server, workers',
  plain: 'plain yoga',
  jit: 'yoga + jit',
};

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function throughputCell(run: Throughput | undefined): string {
  if (!run) return 'not run';
  return run.wrong > 0 ? `WRONG (${run.wrong})` : fixed(run.requestsPerSecond, 0);
}

export function printReport(results: Results): void {
  const { settings } = results;
  const rows: string[][] = [];
  for (const result of results.scenarios) {
    for (const latency of Object.keys(result.throughput)) {
      const byTarget = result.throughput[latency] ?? {};
      rows.push([
        result.title,
        `${latency} ms`,
        ...TARGET_NAMES.map((name) => throughputCell(byTarget[name])),
        times(ratio(result, latency, 'direct')),
        times(ratio(result, latency, 'plain')),
        times(ratio(result, latency, 'jit')),
        times(ratio(result, latency, 'jit', 'workers')),
      ]);
    }
  }
  console.log(
    `\nThroughput (req/s), ${settings.connections} connections, ${settings.rounds} interleaved rounds of ${settings.seconds} s per target after ${settings.warmupSeconds} s warm-up, every answer checked; workers: WEB_CONCURRENCY=${settings.workers}:\n`,
  );
  console.log(
    table(
      [
        'scenario',
        'vendor latency',
        ...TARGET_NAMES.map((n) => LABELS[n]),
        'ours/direct',
        'ours/plain',
        'ours/jit',
        'workers/jit',
      ],
      rows,
    ),
  );

  console.log(
    "\nCPU per answer (ms of the target processes' CPU time; cores kept busy), 0 ms vendor latency:\n",
  );
  console.log(
    table(
      ['scenario', ...TARGET_NAMES.map((n) => LABELS[n])],
      results.scenarios.map((result) => [
        result.title,
        ...TARGET_NAMES.map((name) => {
          const run = result.throughput['0']?.[name];
          return run ? `${fixed(run.cpuMsPerAnswer, 2)} ms (${fixed(run.cores, 2)})` : 'not run';
        }),
      ]),
    ),
  );

  console.log('\nLatency at concurrency 1 (p50, 0 ms vendor latency):\n');
  console.log(
    table(
      ['scenario', ...TARGET_NAMES.map((n) => LABELS[n]), 'added p50 (ours − direct)'],
      results.scenarios.map((result) => [
        result.title,
        ...TARGET_NAMES.map((name) => {
          const run = result.latency[name];
          if (!run) return 'not run';
          return run.wrong > 0 ? `WRONG (${run.wrong})` : ms(run.p50Ms);
        }),
        ms(addedP50(result)),
      ]),
    ),
  );

  const cold = results.coldStart;
  const sustained = results.sustained;
  const load = results.routingLoad;
  console.log('\nProcess figures of this server:\n');
  const lines: string[][] = [];
  if (cold) {
    lines.push([
      `cold start: ${cold.operations} concurrent ${cold.scenario}, ${cold.vendorLatencyMs} ms vendor latency`,
      `${cold.tokenCalls} token call(s); first answer ${ms(cold.firstAnswerMs)}, all ${ms(cold.allAnswersMs)} (process up in ${ms(cold.startupMs)})${cold.wrong ? `; ${cold.wrong} WRONG` : ''}`,
    ]);
  }
  if (sustained) {
    lines.push([
      `sustained ${sustained.seconds} s of ${sustained.scenario} at ${sustained.askedRequestsPerSecond} req/s asked (70 %)`,
      `${fixed(sustained.requestsPerSecond, 0)} req/s, p99 ${sustained.p99Ms} ms; RSS ${fixed(sustained.rssMb.start, 0)} → ${fixed(sustained.rssMb.end, 0)} MB (max ${fixed(sustained.rssMb.max, 0)}); event-loop lag p50 ${ms(sustained.eventLoopLagMs.p50)}, p99 ${ms(sustained.eventLoopLagMs.p99)}, max ${ms(sustained.eventLoopLagMs.max)}${sustained.wrong ? `; ${sustained.wrong} WRONG` : ''}`,
    ]);
  }
  if (load) {
    lines.push([
      `${load.rounds} × ${load.connections} concurrent accessCodes(first: 100) { … routing(caller) }`,
      `${load.requests} answered in ${fixed(load.seconds, 1)} s, p50 ${ms(load.p50Ms)}; RSS ${fixed(load.rssBeforeMb, 0)} → peak ${fixed(load.rssPeakMb, 0)} MB${load.wrong ? `; ${load.wrong} WRONG` : ''}`,
    ]);
  }
  console.log(table(['what', 'figures'], lines));

  if (results.keyedCalls) printKeyedCalls(results.keyedCalls);

  console.log('\nTargets (issue 13; printed, never asserted):\n');
  console.log(
    table(
      ['what', 'figure', 'target', 'result'],
      results.targets.map((t) => [
        t.what,
        t.figure,
        t.target,
        t.pass === null ? 'not measured' : t.pass ? 'pass' : 'FAIL',
      ]),
    ),
  );

  const problems = results.scenarios.flatMap((result) => result.problems.map((p) => `${result.name} / ${p}`));
  if (load?.problem) problems.push(`routing load / ${load.problem}`);
  if (problems.length > 0)
    console.log(`\nWrong first answers (not measured):\n${problems.map((p) => `- ${p}`).join('\n')}`);
  const m = results.machine;
  console.log(
    `\nMachine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}; ` +
      `other processes used ${m.otherLoadCores} cores during the comparison runs. Run took ${results.runtimeSeconds} s.`,
  );
  console.log(
    results.wrongAnswers > 0 ? `FAILED: ${results.wrongAnswers} wrong answer(s).` : 'Every answer was right.',
  );
}

function printKeyedCalls(keyed: KeyedCallsResult): void {
  const base = keyed.throughput.unkeyed;
  const baseP50 = keyed.latency.unkeyed?.p50Ms;
  console.log(
    `\ncreateAnonymousCall and its idempotency key, ${keyed.vendorLatencyMs} ms vendor latency (ratios against the first row):\n`,
  );
  console.log(
    table(
      ['variant', 'req/s', 'ratio', 'p50 at concurrency 1', 'added p50'],
      (Object.keys(KEYED_CALL_LABELS) as KeyedCallVariant[]).map((variant) => {
        const run = keyed.throughput[variant];
        const latency = keyed.latency[variant];
        return [
          KEYED_CALL_LABELS[variant],
          throughputCell(run),
          run && base ? times(run.requestsPerSecond / base.requestsPerSecond) : 'not run',
          latency ? ms(latency.p50Ms) : 'not run',
          latency && baseP50 !== undefined ? ms(latency.p50Ms - baseP50) : 'not run',
        ];
      }),
    ),
  );
  if (keyed.problems.length > 0) console.log(`Wrong first answers: ${keyed.problems.join('; ')}`);
}
