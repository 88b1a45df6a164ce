/**
 * Vendor-neutral domain objects and the datasource interfaces the GraphQL layer depends on.
 * Field names are ours, camelCase; vendor field names and result codes never leave src/datasources.
 * Instants are epoch milliseconds (UTC).
 */

export interface Page<T> {
  /** The vendor's total for the whole query, not the length of `items`. */
  total: number;
  items: T[];
}

/** Vendor limit/offset paging, as sent upstream (limit at most 100). */
export interface PageRequest {
  limit: number;
  offset: number;
}

// --- queryAccessCodeList -------------------------------------------------------------------------

/** mediatypeId accepted as a filter: 2 click-to-dial, 5 audio/video, 53 multimedia. */
export type AccessCodeMediaTypeFilter = 2 | 5 | 53;

export interface AccessCodeQuery extends PageRequest {
  /** Fuzzy match. */
  accessCode?: string;
  /** Fuzzy match. */
  description?: string;
  mediaTypeId?: AccessCodeMediaTypeFilter;
}

export interface AccessCode {
  /** Vendor id; null when the reply omits it. */
  id: string | null;
  accessCode: string;
  description: string | null;
  n400Number: string | null;
  /** Vendor mediatypeId (2, 5, 18, 19, 53, or something newer); null when absent. */
  mediaTypeCode: number | null;
  /** numCallAttr: 1 inbound, 2 outbound, 3 both; null when absent. */
  callDirectionCode: number | null;
}

export interface AccessCodeSource {
  list(query: AccessCodeQuery): Promise<Page<AccessCode>>;
}

// --- queryPhone V2 -------------------------------------------------------------------------------

export interface Softphone {
  /** Vendor configuration id as a string; null when absent. */
  id: string | null;
  phoneNumber: string;
  /** Secret: the schema decides who may see it. */
  password: string | null;
  /** 0 registered, 1 suspended; null when absent. */
  statusCode: number | null;
  remark: string | null;
  tenantId: string | null;
  partitionId: string | null;
}

export interface RegistrationNode {
  mode: 'SINGLE' | 'POOL';
  /** 'node1' | 'node2' in pool mode, null in single mode. */
  poolNode: string | null;
  registrationIp: string | null;
  registrationPort: number | null;
  sipServiceIp: string | null;
  sipServicePort: number | null;
}

/** One queryPhone reply: a page of softphones plus the registration servers that come with every reply. */
export interface SoftphonePage extends Page<Softphone> {
  registrationNodes: RegistrationNode[];
}

export interface SoftphoneSource {
  list(page: PageRequest): Promise<SoftphonePage>;
}

// --- getCalledInfo -------------------------------------------------------------------------------

export interface CalledInfoQuery {
  caller: string;
  called: string;
}

export interface CalledInfo {
  caller: string;
  called: string;
  /** devType: 0 skill queue, 1 number. */
  deviceTypeCode: number;
  /** The number the vendor reports as the destination (its `result.called`); null when absent. */
  routedNumber: string | null;
  skillId: number | null;
  skillName: string | null;
}

export interface CalledInfoSource {
  /** Null when the vendor says the called number is not configured (retCode 5). */
  get(query: CalledInfoQuery): Promise<CalledInfo | null>;
}

// --- createcall ----------------------------------------------------------------------------------

export interface CreateCallRequest {
  called: string;
  callerPresent?: string;
  callData?: string;
}

export type CreateCallOutcome =
  | {
      ok: true;
      callSerialNo: string | null;
      /** "ip:port" as the vendor gives it. */
      sipServiceAddress: string;
      sipServerHost: string;
      sipServerPort: number;
      /** Vendor "accesscode": access code followed by the UVID. */
      accessCode: string;
    }
  | {
      ok: false;
      /** The vendor's resultCode, e.g. "30010000002". */
      vendorCode: string;
      message: string;
    };

export interface AnonymousCallSource {
  /** Never retried: a repeat would place a second call. */
  create(request: CreateCallRequest): Promise<CreateCallOutcome>;
}

// --- CC-CMS querycalls V2 ------------------------------------------------------------------------

export interface CallRecordQuery extends PageRequest {
  ccId: number;
  vdn: number;
  inbound: boolean;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, inclusive. */
  to: number;
  callerNumber?: string;
  calleeNumber?: string;
}

export interface CallRecord {
  callId: string;
  callerNumber: string | null;
  calleeNumber: string | null;
  vdn: number;
  callTypeCode: number;
  mediaTypeCode: number;
  subMediaTypeCode: number | null;
  leaveReasonCode: number | null;
  loggedAt: number | null;
  waitBegin: number | null;
  ackBegin: number | null;
  callBegin: number | null;
  callEnd: number | null;
}

export interface CallRecordSource {
  list(query: CallRecordQuery): Promise<Page<CallRecord>>;
}

/** Everything the GraphQL layer may call upstream, one source per vendor interface. */
export interface Datasources {
  accessCodes: AccessCodeSource;
  softphones: SoftphoneSource;
  calledInfo: CalledInfoSource;
  anonymousCalls: AnonymousCallSource;
  callRecords: CallRecordSource;
}
