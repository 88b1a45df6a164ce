/** The shape of bench/results.json: what a run measured, target by target and scenario by scenario. */
import type { VendorEndpoint } from '../scenarios/scenario.js';
import type { KeyedCallsResult } from './keyed-calls.js';
import type { Latency, Throughput } from './load.js';
import type { BenchSettings } from './settings.js';

/** `workers` is this server with WEB_CONCURRENCY (node:cluster); `ours` is one process. */
export const TARGET_NAMES = ['direct', 'ours', 'workers', 'plain', 'jit'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** A target's throughput over its interleaved rounds, and the CPU its process tree spent meanwhile. */
export interface TargetRun extends Throughput {
  rounds: number;
  /** CPU time of the target's processes (a cluster's workers included) per answer. */
  cpuMsPerAnswer: number;
  /** Cores the target's processes kept busy on average. */
  cores: number;
}

export interface ScenarioResult {
  name: string;
  title: string;
  /** Targets whose first answer was wrong (they were not measured). */
  problems: string[];
  /** By vendor latency in ms, then by target. */
  throughput: Record<string, Partial<Record<TargetName, TargetRun>>>;
  /** Concurrency 1, 0 ms vendor latency. */
  latency: Partial<Record<TargetName, Latency>>;
  vendorCalls: {
    operations: number;
    perOperation: Record<string, number>;
    minimum: Partial<Record<VendorEndpoint, number>>;
    tokenCalls: number;
    wrong: number;
  } | null;
}

export interface TargetCheck {
  what: string;
  figure: string;
  target: string;
  /** Null when the figure could not be measured. */
  pass: boolean | null;
}

export interface Results {
  startedAt: string;
  runtimeSeconds: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    /** CPU cores used by processes other than the bench's during the comparison runs. */
    otherLoadCores: number;
  };
  settings: BenchSettings;
  scenarios: ScenarioResult[];
  coldStart: {
    scenario: string;
    vendorLatencyMs: number;
    operations: number;
    startupMs: number;
    tokenCalls: number;
    firstAnswerMs: number;
    allAnswersMs: number;
    wrong: number;
  } | null;
  sustained: {
    scenario: string;
    vendorLatencyMs: number;
    askedRequestsPerSecond: number;
    requestsPerSecond: number;
    seconds: number;
    p99Ms: number;
    rssMb: { start: number; end: number; max: number; firstThirdMean: number; lastThirdMean: number };
    eventLoopLagMs: { p50: number; p99: number; max: number };
    wrong: number;
  } | null;
  routingLoad: {
    connections: number;
    rounds: number;
    seconds: number;
    requests: number;
    p50Ms: number;
    rssBeforeMb: number;
    rssPeakMb: number;
    wrong: number;
    problem?: string;
  } | null;
  /** createAnonymousCall with and without idempotency keys over Redis (issue 10). */
  keyedCalls: KeyedCallsResult | null;
  /** Wrong answers of every kind; any makes the run fail. */
  wrongAnswers: number;
  targets: TargetCheck[];
}
