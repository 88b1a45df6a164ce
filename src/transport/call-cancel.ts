import { EventEmitter } from 'node:events';

/**
 * The cancel switch of one upstream call, in the EventEmitter form that undici's `signal` option accepts
 * (`aborted`, `reason` and an `abort` event). Made once per call: an AbortController is an EventTarget,
 * several times dearer to build and to listen on, and was ~6 % of the CPU of a 50-call fan-out.
 */
export class CallCancel extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  /** Aborts the call with `reason` (undici rejects with it); later calls change nothing. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}
