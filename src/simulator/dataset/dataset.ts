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
  private readonly days = new Map<string, CallRecordEntry[]>();

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

  /** Matching calls with their pre-serialised JSON. */
  callRecordEntries(query: CallRecordQuery): CallRecordEntry[] {
    const matches: CallRecordEntry[] = [];
    this.forEachCallRecord(query, (entry) => {
      matches.push(entry);
    });
    return matches;
  }

  /** One querycalls page: the total count and the page's items as a JSON array body, without copying lists. */
  callRecordPage(query: CallRecordQuery, offset: number, limit: number): { count: number; json: string } {
    let count = 0;
    let json = '';
    const end = offset + limit;
    this.forEachCallRecord(query, (entry) => {
      if (count >= offset && count < end) json += json === '' ? entry.json : `,${entry.json}`;
      count++;
    });
    return { count, json };
  }

  /** Visits matching calls in paging order; each day is sorted by waitBegin, so the range is found by bisection. */
  private forEachCallRecord(query: CallRecordQuery, visit: (entry: CallRecordEntry) => void): void {
    if (query.ccId !== POPULATED_CC_ID || query.vdn < 1 || query.vdn > POPULATED_VDN_COUNT) return;
    const now = this.options.clock.now();
    const window = queryWindow(now, this.options.timezone);
    for (const dayStart of [window.startOfYesterday, window.startOfToday]) {
      const dayEnd = dayStart === window.startOfToday ? window.startOfTomorrow : window.startOfToday;
      if (query.to < dayStart || query.from >= dayEnd) continue;
      const entries = this.day(query.vdn, dayStart, dayEnd, window.startOfYesterday);
      for (let i = firstAtOrAfter(entries, query.from); i < entries.length; i++) {
        const entry = entries[i] as CallRecordEntry;
        if (entry.waitBegin > query.to) break;
        if (entry.logDate > now || entry.inbound !== query.inbound) continue;
        if (query.callerNo && entry.item.callerNo !== query.callerNo) continue;
        if (query.calleeNo && entry.item.calleeNo !== query.calleeNo) continue;
        visit(entry);
      }
    }
  }

  private day(vdn: number, dayStart: number, dayEnd: number, oldestKept: number): CallRecordEntry[] {
    const key = `${vdn}:${dayStart}`;
    let entries = this.days.get(key);
    if (!entries) {
      this.pruneBefore(oldestKept);
      entries = generateDayOfCalls(this.options.seed, { vdn, dayStart, dayEnd }, this.accessCodeEntries);
      this.days.set(key, entries);
    }
    return entries;
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
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((entries[middle] as { waitBegin: number }).waitBegin < from) low = middle + 1;
    else high = middle;
  }
  return low;
}
