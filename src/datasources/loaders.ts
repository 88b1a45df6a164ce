import type DataLoader from 'dataloader';
import type {
  AccessCode,
  AccessCodeQuery,
  CalledInfo,
  CalledInfoQuery,
  CallRecord,
  CallRecordQuery,
  Datasources,
  Page,
  PageRequest,
  RegistrationNode,
  SoftphonePage,
} from './domain.js';

/**
 * Per-request DataLoaders over the shared datasources: within one GraphQL operation identical upstream
 * requests are made once, independent ones run concurrently, and fan-outs are bounded.
 */
export interface Loaders {
  accessCodePage: DataLoader<AccessCodeQuery, Page<AccessCode>, string>;
  /** Exact match on the access code (the vendor matches fuzzily; this filters). */
  accessCodeByCode: DataLoader<string, AccessCode | null, string>;
  softphonePage: DataLoader<PageRequest, SoftphonePage, string>;
  /** Registration servers ride on a queryPhone page this operation loads anyway, else load one. */
  registrationNodes(): Promise<RegistrationNode[]>;
  calledInfo: DataLoader<CalledInfoQuery, CalledInfo | null, string>;
  callRecordPage: DataLoader<CallRecordQuery, Page<CallRecord>, string>;
}

export declare function createLoaders(sources: Datasources): Loaders;
