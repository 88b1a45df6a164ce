/**
 * A DataLoader `batchScheduleFn` shared by one request's loaders, with one extra: work registered with
 * `afterDispatch` runs after every batch collected in the same tick has been dispatched. That lets a
 * consumer see which upstream calls the current tick is making before deciding to make its own.
 * Timing matches DataLoader's default (after pending promise jobs, then `process.nextTick`).
 */
export class TickScheduler {
  private dispatches: Array<() => void> = [];
  private followUps: Array<() => void> = [];
  private armed = false;

  readonly dispatch = (callback: () => void): void => {
    this.dispatches.push(callback);
    this.arm();
  };

  afterDispatch(callback: () => void): void {
    this.followUps.push(callback);
    this.arm();
  }

  private arm(): void {
    if (this.armed) return;
    this.armed = true;
    Promise.resolve().then(() => process.nextTick(() => this.flush()));
  }

  private flush(): void {
    this.armed = false;
    const dispatches = this.dispatches;
    const followUps = this.followUps;
    this.dispatches = [];
    this.followUps = [];
    for (const callback of dispatches) callback();
    for (const callback of followUps) callback();
  }
}
