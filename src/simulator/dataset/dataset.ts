import type { Clock } from '../../clock.js';
import { createRandom, deriveSeed } from '../random.js';
import { type QueryWindow, queryWindow } from '../time-window.js';
import {
  type AccessCodeEntry,
  type AccessCodeItem,
  type CalledRoute,
  generateAccessCodes,
} from './access-codes.js';
import {
  buildCallIndex,
  type CallIndex,
  type CallRun,
  collectRuns,
  countRuns,
  partitionPoint,
  runsJson,
  sliceRuns,
} from './call-index.js';
import {
  type CallRecordEntry,
  type CallRecordItem,
  generateDayOfCalls,
  POPULATED_CC_ID,
  POPULATED_VDN_COUNT,
} from './call-records.js';
import {
  generateSoftphones,
  type RegistrationServers,
  registrationServers,
  type SoftphoneEntry,
  type SoftphoneItem,
} from './softphones.js';

export type { AccessCodeItem, CalledRoute, CallRecordItem, RegistrationServers, SoftphoneItem };

export interface CallRecordQuery {
  ccId: number;
  vdn: number;
  inbound: boolean;
  /** Epoch ms, inclusive, compared with waitBegin. */
  from: number;
  /** Epoch ms, inclusive, compared with waitBegin. */
  to: number;
  /** Exact match; absent or empty means every number. */
  callerNo?: string;
  calleeNo?: string;
}

/** Read-only view of the seeded data, for tests that compare replies with what the simulator holds. */
export interface SimulatorDataset {
  /** In the order queryAccessCodeList pages them (ascending id, which is also ascending accessCode). */
  readonly accessCodes: readonly AccessCodeItem[];
  /** In the order queryPhone pages them (ascending id). */
  readonly softphones: readonly SoftphoneItem[];
  readonly registrationServers: RegistrationServers;
  /** The "ip:port" createcall answers with. */
  readonly sipServiceAddress: string;
  /** getCalledInfo's routing for a called number; undefined when it is not configured (retCode 5). */
  routeFor(called: string): CalledRoute | undefined;
  /** The querycalls date window at the clock's current time. */
  queryWindow(): QueryWindow;
  /** Calls already logged at the clock's current time, in querycalls paging order (waitBegin, callId). */
  callRecords(query: CallRecordQuery): readonly CallRecordItem[];
}

/** One (VDN, local day) of calls, split by direction: each querycalls request asks for one direction. */
interface DayOfCalls {
  inbound: CallIndex;
  outbound: CallIndex;
}

export interface DatasetOptions {
  seed: number;
  clock: Clock;
  timezone: string;
}

/** The data set behind every endpoint. Access codes and softphones are built up front; calls per day on demand. */
export class SeededDataset implements SimulatorDataset {
  readonly accessCodeEntries: readonly AccessCodeEntry[];
  readonly softphoneEntries: readonly SoftphoneEntry[];
  readonly accessCodes: readonly AccessCodeItem[];
  readonly softphones: readonly SoftphoneItem[];
  readonly registrationServers: RegistrationServers;
  readonly sipServiceAddress: string;
  private readonly routes: ReadonlyMap<string, CalledRoute>;
  /** Generated days keyed by `${vdn}:${dayStart}`; pruned once a day leaves the window. */
  private readonly days = new Map<string, DayOfCalls>();

  constructor(private readonly options: DatasetOptions) {
    this.accessCodeEntries = generateAccessCodes(createRandom(deriveSeed(options.seed, 1)));
    this.softphoneEntries = generateSoftphones(createRandom(deriveSeed(options.seed, 2)));
    this.accessCodes = this.accessCodeEntries.map((entry) => Object.freeze(entry.item));
    this.softphones = this.softphoneEntries.map((entry) => Object.freeze(entry.item));
    this.registrationServers = registrationServers();
    const sip = this.registrationServers.singleRegServ[0];
    this.sipServiceAddress = sip ? `${sip.sipServiceIp}:${sip.sipServicePort}` : '';
    this.routes = new Map(this.accessCodeEntries.map((entry) => [entry.item.accessCode, entry.route]));
  }

  routeFor(called: string): CalledRoute | undefined {
    return this.routes.get(called);
  }

  queryWindow(): QueryWindow {
    return queryWindow(this.options.clock.now(), this.options.timezone);
  }

  callRecords(query: CallRecordQuery): readonly CallRecordItem[] {
    return this.callRecordEntries(query).map((entry) => entry.item);
  }

  /** Matching calls, in paging order. */
  callRecordEntries(query: CallRecordQuery): CallRecordEntry[] {
    const now = this.options.clock.now();
    return this.callRuns(query, now, queryWindow(now, this.options.timezone)).flatMap((run) =>
      run.index.entries.slice(run.start, run.end),
    );
  }

  /**
   * One querycalls page at `now` (with `window`, the query window at `now`, which the caller already has):
   * the total count and the page's items as the inside of a JSON array, in buffer slices.
   */
  callRecordPage(
    query: CallRecordQuery,
    page: { offset: number; limit: number; now: number; window: QueryWindow },
  ): { count: number; json: Buffer[] } {
    const runs = this.callRuns(query, page.now, page.window);
    return { count: countRuns(runs), json: runsJson(sliceRuns(runs, page.offset, page.limit)) };
  }

  /** The matching calls in paging order (yesterday, then today) as runs of consecutive indexed calls. */
  private callRuns(query: CallRecordQuery, now: number, window: QueryWindow): CallRun[] {
    const runs: CallRun[] = [];
    if (query.ccId !== POPULATED_CC_ID || query.vdn < 1 || query.vdn > POPULATED_VDN_COUNT) return runs;
    const filter = {
      from: query.from,
      to: query.to,
      now,
      callerNo: query.callerNo,
      calleeNo: query.calleeNo,
    };
    for (const dayStart of [window.startOfYesterday, window.startOfToday]) {
      const dayEnd = dayStart === window.startOfToday ? window.startOfTomorrow : window.startOfToday;
      if (query.to < dayStart || query.from >= dayEnd) continue;
      const day = this.day(query.vdn, dayStart, dayEnd, window.startOfYesterday);
      collectRuns(query.inbound ? day.inbound : day.outbound, filter, runs);
    }
    return runs;
  }

  private day(vdn: number, dayStart: number, dayEnd: number, oldestKept: number): DayOfCalls {
    const key = `${vdn}:${dayStart}`;
    let day = this.days.get(key);
    if (!day) {
      this.pruneBefore(oldestKept);
      const entries = generateDayOfCalls(
        this.options.seed,
        { vdn, dayStart, dayEnd },
        this.accessCodeEntries,
      );
      day = {
        inbound: buildCallIndex(entries.filter((entry) => entry.inbound)),
        outbound: buildCallIndex(entries.filter((entry) => !entry.inbound)),
      };
      this.days.set(key, day);
    }
    return day;
  }

  private pruneBefore(oldestKept: number): void {
    for (const key of this.days.keys()) {
      const dayStart = Number(key.slice(key.indexOf(':') + 1));
      if (dayStart < oldestKept) this.days.delete(key);
    }
  }
}

/** Index of the first entry whose waitBegin is at or after `from` (entries sorted by waitBegin). */
export function firstAtOrAfter(entries: readonly { waitBegin: number }[], from: number): number {
  return partitionPoint(entries.length, (i) => (entries[i] as { waitBegin: number }).waitBegin < from);
}
