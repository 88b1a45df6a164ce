import { createRandom, deriveSeed, type Random } from '../random.js';
import type { AccessCodeEntry } from './access-codes.js';

/**
 * One querycalls V2 item exactly as the vendor page's example types it: times, callType and leaveReason
 * as numeric strings; vdn, mediaType and subMediaType as numbers. An unanswered call carries null
 * ackBegin/callBegin; subMediaType is null unless mediaType is 53 (see README).
 */
export interface CallRecordItem {
  logDate: string;
  callerNo: string;
  calleeNo: string;
  callId: string;
  callType: string;
  waitBegin: string;
  ackBegin: string | null;
  callBegin: string | null;
  callEnd: string;
  vdn: number;
  leaveReason: string;
  mediaType: number;
  subMediaType: number | null;
}

export interface CallRecordEntry {
  item: CallRecordItem;
  inbound: boolean;
  waitBegin: number;
  logDate: number;
}

/** Call center 1 has VDNs 1..10 with traffic; every other (ccId, vdn) answers an empty list. */
export const POPULATED_CC_ID = 1;
export const POPULATED_VDN_COUNT = 10;

/** Code:weight pairs, in pick order (e.g. '5:92 19:8'): one line a table. */
const weights = (table: string) =>
  table.split(' ').map((pair) => pair.split(':').map(Number) as [number, number]);

const INBOUND_CALL_TYPES = weights('0:70 5:12 13:8 21:10');
const OUTBOUND_CALL_TYPES = weights('7:30 8:20 10:10 40:8 41:8 42:8 43:10 44:6');
const INBOUND_MEDIA = weights('5:75 53:12 2:6 19:7');
const OUTBOUND_MEDIA = weights('5:92 19:8');
const ANSWERED_LEAVE = weights('15:40 16:35 88:25');
const INBOUND_ABANDONED_LEAVE = weights('89:85 25:15');
const OUTBOUND_UNANSWERED_LEAVE = weights('26:60 20:30 27:10');
// Relative call volume per local hour: quiet nights, busy office hours.
const HOURLY_WEIGHT = [1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 20, 19, 15, 17, 19, 18, 16, 13, 9, 7, 5, 4, 3, 2].map(
  (weight, hour) => [hour, weight] as const,
);
const CUSTOMER_PREFIXES = ['138', '139', '186', '5511', '5521', '4478'] as const;

export interface DayTraffic {
  vdn: number;
  dayStart: number;
  dayEnd: number;
}

/** Generates every call of one VDN on one local day, sorted by waitBegin then callId. */
export function generateDayOfCalls(seed: number, day: DayTraffic, accessCodes: readonly AccessCodeEntry[]) {
  const random = createRandom(deriveSeed(seed, day.vdn, Math.floor(day.dayStart / 1000)));
  const customers = customerPool(seed, day.vdn);
  const vdnCodes = accessCodes.filter((_, index) => index % POPULATED_VDN_COUNT === day.vdn - 1);
  const inboundCodes = vdnCodes.filter((c) => c.item.numCallAttr !== 2).map((c) => c.item.accessCode);
  const outboundCodes = vdnCodes.filter((c) => c.item.numCallAttr !== 1).map((c) => c.item.accessCode);
  const inboundCount = 1500 + random.int(0, 700);
  const outboundCount = 600 + random.int(0, 400);
  const entries: CallRecordEntry[] = [];
  for (let i = 0; i < inboundCount + outboundCount; i++) {
    const inbound = i < inboundCount;
    const waitBegin = pickInstant(random, day);
    const customer = random.pick(customers);
    const ownNumber = random.pick(inbound ? inboundCodes : outboundCodes);
    const callId = `${Math.floor(waitBegin / 1000)}-${day.vdn}${String(i).padStart(5, '0')}`;
    entries.push(
      inbound
        ? inboundCall(random, { vdn: day.vdn, waitBegin, callId, callerNo: customer, calleeNo: ownNumber })
        : outboundCall(random, { vdn: day.vdn, waitBegin, callId, callerNo: ownNumber, calleeNo: customer }),
    );
  }
  return entries.sort((a, b) => a.waitBegin - b.waitBegin || (a.item.callId < b.item.callId ? -1 : 1));
}

function customerPool(seed: number, vdn: number): string[] {
  const random = createRandom(deriveSeed(seed, vdn, 0x5eed));
  return Array.from({ length: 400 }, () => {
    const prefix = random.pick(CUSTOMER_PREFIXES);
    return prefix + random.digits(13 - prefix.length);
  });
}

function pickInstant(random: Random, day: DayTraffic): number {
  const hour = random.weighted(HOURLY_WEIGHT);
  const hourLength = (day.dayEnd - day.dayStart) / 24;
  return Math.floor(day.dayStart + hour * hourLength + random.next() * hourLength);
}

interface CallBasics {
  vdn: number;
  waitBegin: number;
  callId: string;
  callerNo: string;
  calleeNo: string;
}

function inboundCall(random: Random, call: CallBasics): CallRecordEntry {
  const answered = random.chance(0.8);
  const mediaType = random.weighted(INBOUND_MEDIA);
  const callType = random.weighted(INBOUND_CALL_TYPES);
  if (!answered) {
    const callEnd = call.waitBegin + random.int(5, 180) * 1000 + random.int(0, 999);
    const leaveReason = random.weighted(INBOUND_ABANDONED_LEAVE);
    return build(random, call, { inbound: true, callType, mediaType, callEnd, leaveReason });
  }
  const ackBegin = call.waitBegin + random.int(3, 90) * 1000 + random.int(0, 999);
  return answeredCall(random, call, { inbound: true, callType, mediaType, ackBegin });
}

function outboundCall(random: Random, call: CallBasics): CallRecordEntry {
  const answered = random.chance(0.65);
  const mediaType = random.weighted(OUTBOUND_MEDIA);
  const callType = random.weighted(OUTBOUND_CALL_TYPES);
  const ring = random.int(5, 40) * 1000 + random.int(0, 999);
  if (!answered) {
    const leaveReason = random.weighted(OUTBOUND_UNANSWERED_LEAVE);
    return build(random, call, {
      inbound: false,
      callType,
      mediaType,
      callEnd: call.waitBegin + ring,
      leaveReason,
    });
  }
  return answeredCall(random, call, { inbound: false, callType, mediaType, ackBegin: call.waitBegin + ring });
}

interface AnsweredShape {
  inbound: boolean;
  callType: number;
  mediaType: number;
  ackBegin: number;
}

function answeredCall(random: Random, call: CallBasics, shape: AnsweredShape): CallRecordEntry {
  const callBegin = shape.ackBegin + random.int(0, 3000);
  const callEnd = callBegin + random.int(20, 900) * 1000 + random.int(0, 999);
  const leaveReason = random.weighted(ANSWERED_LEAVE);
  return build(random, call, {
    ...shape,
    callEnd,
    leaveReason,
    answer: { ackBegin: shape.ackBegin, callBegin },
  });
}

interface Outcome {
  inbound: boolean;
  callType: number;
  mediaType: number;
  callEnd: number;
  leaveReason: number;
  answer?: { ackBegin: number; callBegin: number };
}

function build(random: Random, call: CallBasics, outcome: Outcome): CallRecordEntry {
  const logDate = outcome.callEnd + random.int(1, 60) * 1000;
  const item: CallRecordItem = {
    logDate: String(logDate),
    callerNo: call.callerNo,
    calleeNo: call.calleeNo,
    callId: call.callId,
    callType: String(outcome.callType),
    waitBegin: String(call.waitBegin),
    ackBegin: outcome.answer ? String(outcome.answer.ackBegin) : null,
    callBegin: outcome.answer ? String(outcome.answer.callBegin) : null,
    callEnd: String(outcome.callEnd),
    vdn: call.vdn,
    leaveReason: String(outcome.leaveReason),
    mediaType: outcome.mediaType,
    subMediaType: outcome.mediaType === 53 ? random.int(1, 6) : null,
  };
  return { item, inbound: outcome.inbound, waitBegin: call.waitBegin, logDate };
}
