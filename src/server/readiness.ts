import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

/**
 * Readiness: whether this process can do its work now. Each dependency is one named check (the vendor
 * token, the CC-CMS signature, Redis when configured); /ready runs them all, in parallel, and answers
 * from that result for `cacheSeconds`, so a probe every second costs the vendor one call per check per
 * period. Concurrent /ready requests share one round. Once shutdown begins, readiness is false at once.
 */
export interface ReadinessCheck {
  /** Names the dependency in the /ready body, e.g. `redis`. */
  readonly name: string;
  /**
   * Resolves (with anything, e.g. Redis's PONG) when the dependency answers; rejects with an error whose
   * message says what failed. The signal aborts when the check has taken too long.
   */
  check(signal: AbortSignal): Promise<unknown>;
}

export type CheckResult =
  | { name: string; status: 'ok'; durationMs: number }
  | { name: string; status: 'failed'; durationMs: number; code?: string; message: string };

export interface ReadinessReport {
  status: 'ready' | 'unavailable' | 'shutting_down';
  /** When the checks ran (ISO 8601); the answer may be up to READY_CACHE_SECONDS old. */
  checkedAt: string;
  checks: CheckResult[];
}

export interface Readiness {
  report(): Promise<ReadinessReport>;
  /** From now on every report says `shutting_down`, without running a check. */
  beginDraining(): void;
  readonly draining: boolean;
}

export interface ReadinessOptions {
  checks: readonly ReadinessCheck[];
  clock: Clock;
  cacheSeconds: number;
  logger: Logger;
  /** A check still running after this long counts as failed (orchestrators time a probe out after ~1–5 s). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 3_000;
const MAX_MESSAGE = 300;

export function createReadiness(options: ReadinessOptions): Readiness {
  const { clock, checks } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const logger = options.logger.child({ component: 'readiness' });
  let draining = false;
  let cached: { report: ReadinessReport; at: number } | null = null;
  let round: Promise<ReadinessReport> | null = null;
  // A check that outlived its timeout keeps running; the next round waits on it instead of starting another.
  const running = new Map<ReadinessCheck, Promise<unknown>>();

  const runCheck = (check: ReadinessCheck, signal: AbortSignal): Promise<unknown> => {
    let pending = running.get(check);
    if (!pending) {
      pending = Promise.resolve()
        .then(() => check.check(signal))
        .finally(() => running.delete(check));
      running.set(check, pending);
    }
    return pending;
  };

  const timed = async (check: ReadinessCheck): Promise<CheckResult> => {
    const started = performance.now();
    const signal = AbortSignal.timeout(timeoutMs);
    const elapsed = () => Math.round(performance.now() - started);
    try {
      await Promise.race([
        runCheck(check, signal),
        new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => reject(new CheckTimeout(timeoutMs)), { once: true }),
        ),
      ]);
      return { name: check.name, status: 'ok', durationMs: elapsed() };
    } catch (error) {
      return { name: check.name, status: 'failed', durationMs: elapsed(), ...describeFailure(error) };
    }
  };

  const runRound = async (): Promise<ReadinessReport> => {
    const at = clock.now();
    const results = await Promise.all(checks.map(timed));
    const report: ReadinessReport = {
      status: results.every((result) => result.status === 'ok') ? 'ready' : 'unavailable',
      checkedAt: new Date(at).toISOString(),
      checks: results,
    };
    // One line when readiness changes, not one per probe.
    if (report.status !== cached?.report.status) {
      const failed = results.filter((result) => result.status === 'failed');
      if (report.status === 'ready') logger.info('ready', { checks: results.map((r) => r.name) });
      else logger.warn('not ready', { failed });
    }
    cached = { report, at };
    return report;
  };

  return {
    get draining() {
      return draining;
    },
    beginDraining() {
      draining = true;
    },
    report() {
      const now = clock.now();
      if (draining) return Promise.resolve({ status: 'shutting_down', checkedAt: iso(now), checks: [] });
      if (cached && now >= cached.at && now - cached.at < options.cacheSeconds * 1000) {
        return Promise.resolve(cached.report);
      }
      round ??= runRound().finally(() => {
        round = null;
      });
      return round;
    },
  };
}

class CheckTimeout extends Error {
  readonly code = 'READINESS_TIMEOUT';
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What a failure may say in a public body: its code and message, with anything that could carry a
 * credential cut out. Our errors never hold one (UpstreamError's contract); a library's might.
 */
function describeFailure(error: unknown): { code?: string; message: string } {
  const code =
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
      ? (error as { code: string }).code
      : undefined;
  const raw = error instanceof Error ? error.message : 'failed';
  return { ...(code ? { code } : {}), message: withoutCredentials(raw).slice(0, MAX_MESSAGE) };
}

/** Drops URL userinfo (`redis://:pw@host`), bearer tokens and auth-v2 signatures from a message. */
export function withoutCredentials(message: string): string {
  return message
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1[REDACTED]@')
    .replace(/\bBearer\s+\S+/gi, 'Bearer [REDACTED]')
    .replace(/auth-v2\/\S+/gi, 'auth-v2/[REDACTED]');
}
