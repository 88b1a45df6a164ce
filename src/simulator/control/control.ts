import type { Clock } from '../../clock.js';
import type { IpLock } from '../auth/ip-lock.js';
import type { TokenStore } from '../auth/token-store.js';
import { ENDPOINT_NAMES, type EndpointName } from '../endpoints.js';
import type { AdjustableClock } from '../simulator-clock.js';
import { type FaultSpec, FaultTable, faultSpecSchema } from './faults.js';
import { RequestLog, type RequestLogEntry } from './request-log.js';

export type { FaultSpec, RequestLogEntry };
export type EndpointCounts = Record<EndpointName, number>;

/** In-process twin of the HTTP control surface under /__simulator. */
export interface SimulatorControl {
  /** Requests per endpoint since start or the last reset, rejected ones included. */
  counts(): EndpointCounts;
  /** The bounded request log, oldest first. */
  requests(): RequestLogEntry[];
  /** Validates and adds a fault; throws on an invalid spec. */
  addFault(fault: FaultSpec): void;
  faults(): FaultSpec[];
  clearFaults(): void;
  /** Invalidates every issued token; returns how many were still live. */
  revokeTokens(): number;
  /** Clears counts, the request log, faults and IP locks. Issued tokens stay valid. */
  reset(): void;
  now(): number;
  /** Sets the simulator's own clock; throws ClockNotAdjustableError when a clock was injected. */
  setNow(epochMs: number): void;
}

export class ClockNotAdjustableError extends Error {
  constructor() {
    super('The simulator runs on an injected clock; move that clock instead');
  }
}

export interface ControlDependencies {
  clock: Clock;
  /** Present only when the simulator owns its clock. */
  adjustableClock: AdjustableClock | null;
  tokens: TokenStore;
  ipLock: IpLock;
}

export class ControlState implements SimulatorControl {
  readonly log = new RequestLog();
  readonly faultTable = new FaultTable();
  private readonly tally: EndpointCounts = zeroCounts();

  constructor(private readonly deps: ControlDependencies) {}

  count(endpoint: EndpointName): void {
    this.tally[endpoint] += 1;
  }

  counts(): EndpointCounts {
    return { ...this.tally };
  }

  requests(): RequestLogEntry[] {
    return this.log.list();
  }

  addFault(fault: FaultSpec): void {
    this.faultTable.add(faultSpecSchema.parse(fault));
  }

  faults(): FaultSpec[] {
    return this.faultTable.list();
  }

  clearFaults(): void {
    this.faultTable.clear();
  }

  revokeTokens(): number {
    return this.deps.tokens.revokeAll();
  }

  reset(): void {
    for (const name of ENDPOINT_NAMES) this.tally[name] = 0;
    this.log.clear();
    this.faultTable.clear();
    this.deps.ipLock.clear();
  }

  now(): number {
    return this.deps.clock.now();
  }

  setNow(epochMs: number): void {
    if (!this.deps.adjustableClock) throw new ClockNotAdjustableError();
    this.deps.adjustableClock.set(epochMs);
  }
}

function zeroCounts(): EndpointCounts {
  return Object.fromEntries(ENDPOINT_NAMES.map((name) => [name, 0])) as EndpointCounts;
}
