import type { Vendor } from '../baselines/vendor.js';

/** A GraphQL request as the load generator sends it, to our server and to each baseline alike. */
export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
}

/** The vendor interfaces as the simulator counts them (GET /__simulator/counts). */
export type VendorEndpoint =
  | 'queryAccessCodeList'
  | 'queryPhone'
  | 'getCalledInfo'
  | 'createcall'
  | 'querycalls';

/**
 * One benchmark scenario: the operation, the fewest vendor calls it can be answered with, and those
 * direct calls themselves (the oracle, which also gives the reference answer every response is checked
 * against).
 */
export interface Scenario {
  /** The CLI name: `npm run bench -- <name>`. */
  name: string;
  title: string;
  /** The request, built once per run (`now` for windows relative to today). */
  request(now: number): GraphQLRequest;
  /** Vendor calls one operation needs at least; token calls are shared by all operations and not counted. */
  minimumCalls: Partial<Record<VendorEndpoint, number>>;
  /** The oracle: the direct vendor calls and the mapped `data`, in the order the query selects it. */
  direct(vendor: Vendor, variables: Record<string, unknown>): Promise<unknown>;
  /**
   * For answers that differ by design (a new call each time): null when `data` is right, else why not.
   * Without it every answer must equal the reference (cursor values aside: each server has its own).
   */
  verify?(data: unknown, reference: unknown): string | null;
  /** Extra server settings the scenario needs (e.g. a call rate limit above the load). */
  serverEnv?: Record<string, string>;
}

/** The caller every routing lookup uses. */
export const CALLER = '13800000000';
