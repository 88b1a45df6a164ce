import type { OperationScope, StopReason } from './operation-scope.js';

/**
 * The calls to one origin: at most `limit` in flight, the rest wait in one process-wide queue, the
 * oldest operation's first (then in arrival order). Under fan-out that finishes operations one after
 * another instead of all of them at the very end: an operation that has not had its first answer yet
 * has not started the work (and the memory) of its nested fields, so memory stays bounded by the few
 * operations being served, and half of them are answered in half the time. Calls outside an operation
 * (the shared token fetch) go first; calls still waiting when their operation answers are dropped,
 * since nobody would read their answers.
 */
export class CallQueue {
  private active = 0;
  private arrivals = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limit: number) {}

  /** Calls in flight and waiting (for tests and metrics). */
  get size(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  /**
   * Resolves once the call may be sent; then `leave()` must be called exactly once. Rejects (the call is
   * then never sent) with `refusal('expired')` when the operation's deadline passes while it waits, and
   * with `refusal('ended')` when the operation answers meanwhile.
   */
  enter(operation: OperationScope | undefined, refusal: (reason: StopReason) => Error): Promise<void> | null {
    if (this.active < this.limit && this.waiting.length === 0) {
      this.active++;
      return null;
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        priority: operation ? operation.sequence : 0,
        arrival: this.arrivals++,
        index: -1,
        resolve,
        reject,
        stopWatching: null,
      };
      this.push(waiter);
      if (operation) {
        waiter.stopWatching = operation.onStop((reason) => {
          if (waiter.index < 0) return;
          this.remove(waiter);
          reject(refusal(reason));
        });
      }
    });
  }

  leave(): void {
    const next = this.pop();
    if (!next) {
      this.active--;
      return;
    }
    // The slot passes straight to the next call.
    next.stopWatching?.();
    next.resolve();
  }

  // A binary min-heap on (priority, arrival), each waiter knowing its index so a deadline can remove it.
  private push(waiter: Waiter): void {
    waiter.index = this.waiting.length;
    this.waiting.push(waiter);
    this.up(waiter.index);
  }

  private pop(): Waiter | undefined {
    const top = this.waiting[0];
    if (top) this.removeAt(0);
    return top;
  }

  private remove(waiter: Waiter): void {
    if (waiter.index >= 0) this.removeAt(waiter.index);
  }

  private removeAt(index: number): void {
    const heap = this.waiting;
    const removed = heap[index] as Waiter;
    const last = heap.pop() as Waiter;
    removed.index = -1;
    if (last === removed) return;
    heap[index] = last;
    last.index = index;
    this.down(index);
    this.up(last.index);
  }

  private up(index: number): void {
    const heap = this.waiting;
    let at = index;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!before(heap[at] as Waiter, heap[parent] as Waiter)) break;
      this.swap(at, parent);
      at = parent;
    }
  }

  private down(index: number): void {
    const heap = this.waiting;
    let at = index;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let least = at;
      if (left < heap.length && before(heap[left] as Waiter, heap[least] as Waiter)) least = left;
      if (right < heap.length && before(heap[right] as Waiter, heap[least] as Waiter)) least = right;
      if (least === at) return;
      this.swap(at, least);
      at = least;
    }
  }

  private swap(a: number, b: number): void {
    const heap = this.waiting;
    const first = heap[a] as Waiter;
    const second = heap[b] as Waiter;
    heap[a] = second;
    heap[b] = first;
    first.index = b;
    second.index = a;
  }
}

interface Waiter {
  /** The operation's sequence number: lower is older and goes first. */
  priority: number;
  arrival: number;
  /** Position in the heap; -1 once out of it. */
  index: number;
  resolve: () => void;
  reject: (error: Error) => void;
  stopWatching: (() => void) | null;
}

const before = (a: Waiter, b: Waiter) =>
  a.priority < b.priority || (a.priority === b.priority && a.arrival < b.arrival);
