import type { Clock } from '../../clock.js';

/**
 * CC-CMS locks a caller's IP after too many bad authentication strings in a period (docs/upstream.md#cms-signature-auth-v2).
 * The vendor does not publish the numbers; these are the simulator's (README).
 */
export const LOCK_POLICY = {
  /** Failures within `windowMs` that lock the address. */
  maxFailures: 5,
  windowMs: 5 * 60_000,
  lockMs: 10 * 60_000,
} as const;

interface AddressState {
  failures: number[];
  lockedUntil: number;
}

export class IpLock {
  private readonly addresses = new Map<string, AddressState>();

  constructor(private readonly clock: Clock) {}

  isLocked(address: string): boolean {
    const state = this.addresses.get(address);
    if (!state) return false;
    if (this.clock.now() < state.lockedUntil) return true;
    if (state.lockedUntil !== 0) this.addresses.delete(address);
    return false;
  }

  /** Records one failed authentication; the `maxFailures`-th inside the window locks the address. */
  recordFailure(address: string): void {
    const now = this.clock.now();
    const state = this.addresses.get(address) ?? { failures: [], lockedUntil: 0 };
    state.failures = state.failures.filter((at) => now - at < LOCK_POLICY.windowMs);
    state.failures.push(now);
    if (state.failures.length >= LOCK_POLICY.maxFailures) {
      state.lockedUntil = now + LOCK_POLICY.lockMs;
      state.failures = [];
    }
    this.addresses.set(address, state);
  }

  clear(): void {
    this.addresses.clear();
  }
}
