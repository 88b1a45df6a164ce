/**
 * The vendor replies as documented (the shape the simulator sends) and their mapping to the GraphQL
 * types of schema.graphql, as the baselines produce them: plain property reads, no validation.
 */
import {
  CALL_TYPES,
  codedValue,
  LEAVE_REASONS,
  MEDIA_TYPES,
} from '../../src/datasources/vendor/code-tables.js';

export interface AccessCodeRow {
  id: string | null;
  accessCode: string;
  mediatypeId: number | null;
  n400Number: string | null;
  description: string | null;
  numCallAttr: number | null;
}
export interface AccessCodeListReply {
  returnCode: string;
  data: { total: number; calledRouteList: AccessCodeRow[] };
}

interface RegistrationServer {
  regIPAddress: string;
  regPort: string;
  sipServiceIp: string;
  sipServicePort: string;
}
export interface PhoneRow {
  phoneNum: string;
  password: string | null;
  id: number | null;
  status: number | null;
  remark: string | null;
  tenantId: string | null;
  partdbId: string | null;
}
export interface QueryPhoneReply {
  retCode: string;
  result: {
    total: number;
    singleRegServ: RegistrationServer[];
    poolRegServ: Record<string, RegistrationServer[]>;
    phone: PhoneRow[];
  };
}

export interface CalledInfoReply {
  retCode: string;
  result?: { devType: number; called: string | null; skillId: number | null; skillName: string | null };
}

export interface CreateCallReply {
  resultCode: string;
  resultDesc: string;
  resultData?: { callSerialNo: string; sipServiceAddress: string; accesscode: string };
}

export interface CallRow {
  logDate: string;
  callerNo: string | null;
  calleeNo: string | null;
  callId: string;
  callType: string;
  waitBegin: string | null;
  ackBegin: string | null;
  callBegin: string | null;
  callEnd: string | null;
  vdn: number;
  leaveReason: string | null;
  mediaType: number;
  subMediaType: number | null;
}
export interface QueryCallsReply {
  resultCode: string;
  resultDesc: { data: CallRow[]; count: number };
}

const CALL_DIRECTIONS: Record<number, string> = { 1: 'INBOUND', 2: 'OUTBOUND', 3: 'BOTH' };
const PHONE_STATUSES: Record<number, string> = { 0: 'REGISTERED', 1: 'SUSPENDED' };

export function accessCode(row: AccessCodeRow) {
  return {
    id: row.id ?? row.accessCode,
    accessCode: row.accessCode,
    description: row.description,
    n400Number: row.n400Number,
    mediaType: codedValue(MEDIA_TYPES, row.mediatypeId ?? 0),
    callDirection: CALL_DIRECTIONS[row.numCallAttr ?? 0] ?? null,
  };
}

export function calledInfo(caller: string, called: string, reply: CalledInfoReply) {
  if (reply.retCode === '5') return null;
  if (reply.retCode !== '0' || !reply.result) throw new Error(`getCalledInfo retCode ${reply.retCode}`);
  const { result } = reply;
  return {
    caller,
    called,
    deviceType: result.devType === 0 ? 'SKILL_QUEUE' : 'NUMBER',
    routedNumber: result.called,
    skillId: result.skillId,
    skillName: result.skillName,
  };
}

export function softphone(row: PhoneRow) {
  return {
    id: row.id === null ? row.phoneNum : String(row.id),
    phoneNumber: row.phoneNum,
    status: PHONE_STATUSES[row.status ?? -1] ?? null,
    remark: row.remark,
    tenantId: row.tenantId,
    partitionId: row.partdbId,
  };
}

export function registrationNodes(result: QueryPhoneReply['result']) {
  const node = (mode: string, poolNode: string | null, server: RegistrationServer) => ({
    mode,
    poolNode,
    registrationIp: server.regIPAddress,
    registrationPort: Number(server.regPort),
    sipServiceIp: server.sipServiceIp,
    sipServicePort: Number(server.sipServicePort),
  });
  return [
    ...result.singleRegServ.map((server) => node('SINGLE', null, server)),
    ...Object.entries(result.poolRegServ).flatMap(([name, servers]) =>
      servers.map((server) => node('POOL', name, server)),
    ),
  ];
}

const instant = (value: string | null) => (value === null || Number(value) <= 0 ? null : Number(value));
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const seconds = (from: number | null, to: number | null) =>
  from === null || to === null || to < from ? null : (to - from) / 1000;

export function callRecord(row: CallRow, direction: string) {
  const waitBegin = instant(row.waitBegin);
  const ackBegin = instant(row.ackBegin);
  const callEnd = instant(row.callEnd);
  return {
    callId: row.callId,
    direction,
    callerNumber: row.callerNo,
    calleeNumber: row.calleeNo,
    vdn: row.vdn,
    answered: ackBegin !== null,
    waitSeconds: seconds(waitBegin, ackBegin ?? callEnd),
    talkSeconds: ackBegin === null ? null : seconds(ackBegin, callEnd),
    callType: codedValue(CALL_TYPES, Number(row.callType)),
    mediaType: codedValue(MEDIA_TYPES, row.mediaType),
    leaveReason: row.leaveReason === null ? null : codedValue(LEAVE_REASONS, Number(row.leaveReason)),
    waitBegin: iso(waitBegin),
    ackBegin: iso(ackBegin),
    callBegin: iso(instant(row.callBegin)),
    callEnd: iso(callEnd),
    loggedAt: iso(instant(row.logDate)),
  };
}

/** createcall's answer as the CreateAnonymousCallResult union. */
export function createdCall(reply: CreateCallReply) {
  if (reply.resultCode !== '0' || !reply.resultData) {
    return { __typename: 'CallCreationError', reason: 'UNKNOWN', vendorCode: reply.resultCode };
  }
  const { callSerialNo, sipServiceAddress, accesscode } = reply.resultData;
  const colon = sipServiceAddress.lastIndexOf(':');
  return {
    __typename: 'AnonymousCall',
    callSerialNo,
    sipServiceAddress,
    sipServerHost: sipServiceAddress.slice(0, colon),
    sipServerPort: Number(sipServiceAddress.slice(colon + 1)),
    accessCode: accesscode,
  };
}
