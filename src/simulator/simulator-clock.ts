import type { Clock } from '../clock.js';

/**
 * The clock a standalone simulator runs on when nobody injected one: system time plus an offset that
 * PUT /__simulator/clock moves, so e2e tests can expire tokens or cross midnight without waiting.
 */
export class AdjustableClock implements Clock {
  private offset = 0;

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.base.now() + this.offset;
  }

  /** From now on `now()` reads `epochMs` and keeps ticking from there. */
  set(epochMs: number): void {
    this.offset = epochMs - this.base.now();
  }
}
