import type { LogFields } from '../logger.js';
import type { EndpointDescriptor } from './endpoint.js';

/**
 * What one GraphQL operation may still spend upstream: a budget of vendor calls and a deadline. The app
 * makes one scope per operation (in its context), its loaders hand it down with every call (datasource,
 * client, transport), and the transport consults it on every call. Passed, not looked up: on Node 20 an
 * AsyncLocalStorage makes every promise of the process pay for async hooks (about a sixth of an
 * operation's CPU when measured).
 */

/** OPERATION_ENDED never reaches a client: the operation it belongs to has answered already. */
export type OperationLimitCode = 'UPSTREAM_CALL_BUDGET_EXCEEDED' | 'OPERATION_TIMEOUT' | 'OPERATION_ENDED';

/** An upstream call the operation's limits stopped; the vendor did nothing wrong. */
export class OperationLimitError extends Error {
  constructor(
    readonly code: OperationLimitCode,
    message: string,
    /** The vendor interface the refused or aborted call was for. */
    readonly endpoint: string,
  ) {
    super(message);
    this.name = 'OperationLimitError';
  }
}

/** Why an operation makes no more calls: its deadline passed, or it has answered. */
export type StopReason = 'expired' | 'ended';

export interface OperationBudget {
  /** Vendor calls the operation may make (MAX_UPSTREAM_CALLS_PER_OPERATION). */
  maxUpstreamCalls: number;
  /** After this long its upstream calls are aborted and new ones refused (OPERATION_TIMEOUT_MS). */
  timeoutMs: number;
}

/**
 * Something that happens once (the deadline, the answer): listeners registered before are called then,
 * listeners registered after are called at once. Cheaper per call in flight than an AbortSignal each.
 */
class Occurrence {
  private readonly listeners = new Set<() => void>();
  private occurred = false;

  get happened(): boolean {
    return this.occurred;
  }

  /** Returns the unsubscribe. */
  on(listener: () => void): () => void {
    if (this.occurred) {
      listener();
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls every listener; later calls do nothing. */
  happen(): void {
    if (this.occurred) return;
    this.occurred = true;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener();
  }
}

/** Orders operations by age: the transport's queue serves the older operation's calls first. */
let operationsStarted = 0;

export class OperationScope {
  /** Made when first asked for: few operations need a signal, and one costs more than the scope. */
  private controller: AbortController | null = null;
  private deadlinePassed = false;
  private made = 0;
  private refused = 0;
  private readonly expiry = new Occurrence();
  private readonly answer = new Occurrence();
  /** 1 for the first operation of the process, then counting up. */
  readonly sequence = ++operationsStarted;

  constructor(
    readonly budget: OperationBudget,
    private readonly fields: LogFields = {},
  ) {}

  /** Fields every line logged about this operation's calls carries (its request id, its trace). */
  get logFields(): Readonly<LogFields> {
    return this.fields;
  }

  /** Adds fields to every later line about this operation's calls (the trace, once its span exists). */
  addLogFields(fields: LogFields): void {
    Object.assign(this.fields, fields);
  }

  /** Aborts with the operation's deadline (already aborted once it has passed). */
  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.deadlinePassed && !this.controller.signal.aborted) this.controller.abort(this.deadlineReason());
    return this.controller.signal;
  }

  private deadlineReason(): Error {
    return new Error(`operation deadline of ${this.budget.timeoutMs} ms passed`);
  }

  /**
   * Calls `listener` once when the deadline passes (at once if it has): the transport registers every
   * call in flight. Returns the unsubscribe.
   */
  onExpire(listener: () => void): () => void {
    return this.expiry.on(listener);
  }

  /**
   * Calls `listener` once, when the deadline passes or the operation answers, whichever comes first
   * (at once if either has): a wait on the operation's behalf ends then, since resolvers graphql-js left
   * running (a null that cut a list short) may still try calls nobody would read. Returns the unsubscribe.
   */
  onStop(listener: (reason: StopReason) => void): () => void {
    if (this.ended || this.expired) {
      listener(this.ended ? 'ended' : 'expired');
      return () => {};
    }
    const unsubscribe = () => {
      stopExpiry();
      stopEnd();
    };
    const stopExpiry = this.expiry.on(() => {
      unsubscribe();
      listener('expired');
    });
    const stopEnd = this.answer.on(() => {
      unsubscribe();
      listener('ended');
    });
    return unsubscribe;
  }

  get ended(): boolean {
    return this.answer.happened;
  }

  /**
   * The error of a new call to `endpoint`, or of one still waiting, once the operation no longer makes
   * calls (it has answered, or its deadline passed); null while it runs.
   */
  refusal(endpoint: EndpointDescriptor): OperationLimitError | null {
    if (this.ended) return this.stopError(endpoint, 'ended');
    if (this.expired) return this.stopError(endpoint, 'expired');
    return null;
  }

  /** The error of a call that was not made because the operation stopped for `reason`. */
  stopError(endpoint: EndpointDescriptor, reason: StopReason): OperationLimitError {
    return reason === 'ended' ? this.endedError(endpoint) : this.timeoutError(endpoint, 'not called');
  }

  /** The operation has answered; its deadline no longer runs. */
  end(): void {
    this.answer.happen();
  }

  /** Vendor calls admitted so far. */
  get upstreamCalls(): number {
    return this.made;
  }

  /** Calls refused by the budget or the deadline. */
  get refusedCalls(): number {
    return this.refused;
  }

  get expired(): boolean {
    return this.deadlinePassed;
  }

  /**
   * Counts one vendor call about to be made, or throws (nothing is sent) once the operation has answered,
   * its deadline has passed or its budget is spent. A read's retries belong to its call: the transport
   * bounds them itself.
   */
  admit(endpoint: EndpointDescriptor): void {
    const stopped = this.refusal(endpoint);
    if (stopped) {
      this.refused++;
      throw stopped;
    }
    if (this.made >= this.budget.maxUpstreamCalls) {
      this.refused++;
      throw new OperationLimitError(
        'UPSTREAM_CALL_BUDGET_EXCEEDED',
        `${endpoint.name}: not called: the operation has made its ${this.budget.maxUpstreamCalls} upstream ` +
          'calls (MAX_UPSTREAM_CALLS_PER_OPERATION).',
        endpoint.name,
      );
    }
    this.made++;
  }

  /** The error of a call the deadline stopped; `aborted` when it was under way. */
  timeoutError(endpoint: EndpointDescriptor, what: 'aborted' | 'not called'): OperationLimitError {
    return new OperationLimitError(
      'OPERATION_TIMEOUT',
      `${endpoint.name}: ${what}: the operation ran longer than ${this.budget.timeoutMs} ms (OPERATION_TIMEOUT_MS).`,
      endpoint.name,
    );
  }

  /** The error of a call of an operation that has answered: refused, or dropped while it waited. */
  private endedError(endpoint: EndpointDescriptor): OperationLimitError {
    return new OperationLimitError(
      'OPERATION_ENDED',
      `${endpoint.name}: not called: the operation has answered already.`,
      endpoint.name,
    );
  }

  /** Aborts every call in flight and refuses new ones. */
  expire(): void {
    if (this.deadlinePassed) return;
    this.deadlinePassed = true;
    // The signal (if one was asked for) before the listeners: they read its reason.
    this.controller?.abort(this.deadlineReason());
    this.expiry.happen();
  }
}

/**
 * Runs `operation` within `scope`: its deadline starts now, and the scope ends (refusing calls resolvers
 * left running still try) when `operation` settles.
 */
export async function runOperation<T>(scope: OperationScope, operation: () => T | Promise<T>): Promise<T> {
  const deadline = setTimeout(() => scope.expire(), scope.budget.timeoutMs);
  try {
    return await operation();
  } finally {
    clearTimeout(deadline);
    scope.end();
  }
}

/**
 * Waits for what `join` returns (a shared token fetch, another call's outcome) on behalf of `scope`'s
 * call to `endpoint`, but no longer than the operation lives: at its deadline the wait fails with
 * OPERATION_TIMEOUT, once it has answered with OPERATION_ENDED. The shared work goes on for whoever else
 * waits for it; an operation that has already ended or expired does not join it at all.
 */
export function waitWithinOperation<T>(
  join: () => Promise<T>,
  endpoint: EndpointDescriptor,
  scope: OperationScope | undefined,
): Promise<T> {
  if (!scope) return join();
  const refused = scope.refusal(endpoint);
  if (refused) return Promise.reject(refused);
  const shared = join();
  return new Promise<T>((resolve, reject) => {
    const stopWatching = scope.onStop((reason) => reject(scope.stopError(endpoint, reason)));
    shared.then(
      (value) => {
        stopWatching();
        resolve(value);
      },
      (error: unknown) => {
        stopWatching();
        reject(error);
      },
    );
  });
}
