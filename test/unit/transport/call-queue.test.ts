import { describe, expect, it } from 'vitest';
import { CallQueue } from '../../../src/transport/call-queue.js';
import { OperationScope } from '../../../src/transport/operation-scope.js';

const budget = { maxUpstreamCalls: 100, timeoutMs: 60_000 };
const expired = (reason: 'expired' | 'ended') => new Error(reason === 'expired' ? 'deadline' : reason);

/** Enters and records the order in which the waiting calls were let through. */
function enterAll(queue: CallQueue, scopes: Array<OperationScope | undefined>, order: string[]) {
  return scopes.map((scope, index) => {
    const name = scope ? `op${scope.sequence}#${index}` : `none#${index}`;
    const waiting = queue.enter(scope, expired);
    if (waiting === null) order.push(name);
    return (waiting ?? Promise.resolve()).then(() => {
      if (waiting !== null) order.push(name);
    });
  });
}

describe('the call queue in front of a pool', () => {
  it('sends at once while a slot is free, then the oldest operation first, calls outside one before all', async () => {
    const queue = new CallQueue(2);
    const older = new OperationScope(budget);
    const newer = new OperationScope(budget);
    const order: string[] = [];
    const entered = enterAll(queue, [newer, newer, newer, older, undefined, older], order);
    expect(order).toEqual([`op${newer.sequence}#0`, `op${newer.sequence}#1`]);
    expect(queue.size).toEqual({ active: 2, waiting: 4 });
    for (let i = 0; i < 6; i++) queue.leave();
    await Promise.all(entered);
    expect(order.slice(2)).toEqual([
      'none#4',
      `op${older.sequence}#3`,
      `op${older.sequence}#5`,
      `op${newer.sequence}#2`,
    ]);
    expect(queue.size).toEqual({ active: 0, waiting: 0 });
  });

  it("drops a waiting call when its operation's deadline passes, and never lets it through", async () => {
    const queue = new CallQueue(1);
    const first = new OperationScope(budget);
    const late = new OperationScope(budget);
    const other = new OperationScope(budget);
    expect(queue.enter(first, expired)).toBeNull();
    const dropped = queue.enter(late, expired);
    const kept = queue.enter(other, expired);
    late.expire();
    await expect(dropped).rejects.toThrow('deadline');
    expect(queue.size).toEqual({ active: 1, waiting: 1 });
    queue.leave();
    await expect(kept).resolves.toBeUndefined();
    queue.leave();
    expect(queue.size).toEqual({ active: 0, waiting: 0 });
  });

  it('drops the waiting calls of an operation once it has answered; its call in flight goes on', async () => {
    const queue = new CallQueue(1);
    const answered = new OperationScope(budget);
    const live = new OperationScope(budget);
    const order: string[] = [];
    const refusals: string[] = [];
    const entered = [answered, answered, live, answered].map((scope, index) => {
      const waiting = queue.enter(scope, (reason) => new Error(reason));
      if (waiting === null) order.push(`#${index}`);
      return waiting?.then(
        () => order.push(`#${index}`),
        (error: Error) => refusals.push(`#${index}: ${error.message}`),
      );
    });
    answered.end();
    expect(refusals).toEqual([]);
    await Promise.resolve();
    expect(refusals).toEqual(['#1: ended', '#3: ended']);
    expect(queue.size).toEqual({ active: 1, waiting: 1 });
    queue.leave();
    queue.leave();
    await Promise.all(entered);
    expect(order).toEqual(['#0', '#2']);
    expect(queue.size).toEqual({ active: 0, waiting: 0 });
  });
});
