import { z } from 'zod';
import { defineEndpoint } from '../transport/endpoint.js';
import type { InboundResponse } from '../transport/http-transport.js';
import { defineDatasource, vendorCall } from './datasource.js';
import {
  intOf,
  isRecord,
  lenientArray,
  lenientCode,
  lenientInt,
  lenientString,
  optionalObject,
  textOf,
} from './vendor/lenient.js';
import {
  continuesAfter,
  type ListSource,
  type Page,
  type PageRequest,
  type PagingRules,
  planVendorPages,
  VENDOR_MAX_LIMIT,
  vendorLimit,
  vendorOffset,
} from './vendor/paging.js';
import { badResponse, decodeReply, listAt, shapeMismatch, vendorRejection } from './vendor/reply.js';

/** queryPhone V2 (bearer token): a page of allocated softphones plus the registration servers. */
export const QUERY_PHONE = defineEndpoint({
  name: 'queryPhone',
  host: 'cec',
  path: '/apiaccess/CC-Management/v2/mobileAgent/queryPhone',
  auth: 'bearer',
  repeatSafe: true,
});

export interface Softphone {
  /** Vendor configuration id as a string; the phone number when absent, so that every softphone has one. */
  id: string;
  phoneNumber: string;
  /** Secret: the schema decides who may see it. */
  password: string | null;
  /** Null when absent or not one of the documented values. */
  status: 'REGISTERED' | 'SUSPENDED' | null;
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

export type SoftphoneSource = ListSource<PageRequest, SoftphonePage>;

/** The cheapest queryPhone call, made only when nothing else in the operation brings the servers. */
const REGISTRATION_PAGE: PageRequest = { limit: 1, offset: 0 };

/** queryPhone pages may start anywhere and have no offset ceiling. */
const PAGING: PagingRules = { maxOffset: Number.POSITIVE_INFINITY, aligned: false };

/** A list without totals is read until a short page; one that never ends is a broken reply. */
const MAX_SCAN_PAGES = 1_000;

export const softphonesDatasource = defineDatasource({
  endpoint: QUERY_PHONE,
  create: ({ client }): SoftphoneSource => ({
    list: vendorCall(client, QUERY_PHONE, encodeSoftphonePage, readQueryPhoneReply),
  }),
  loaders: (source, kit) => {
    // The first softphone page this operation asked for; every queryPhone reply carries the servers.
    let firstPage: Promise<SoftphonePage> | null = null;
    const page = kit.observedLoader(
      (request: PageRequest) => source.list(request, kit.operation),
      (batch) => {
        if (firstPage) return;
        firstPage = batch.then(([first]) => {
          if (first === undefined || first instanceof Error)
            throw first ?? new Error('empty softphone batch');
          return first;
        });
        // Only registrationNodes() may read it; a failed page must not become an unhandled rejection.
        firstPage.catch(() => undefined);
      },
    );
    // queryPhone cannot filter by number: read the list's full pages (shared by the whole operation)
    // until every number asked for is found or the list ends.
    const byNumber = kit.batchLoader(async (numbers: readonly string[]): Promise<Array<Softphone | null>> => {
      const wanted = new Set(numbers);
      const found = new Map<string, Softphone>();
      const take = (reply: SoftphonePage) => {
        for (const phone of reply.items) {
          if (wanted.has(phone.phoneNumber) && !found.has(phone.phoneNumber))
            found.set(phone.phoneNumber, phone);
        }
      };
      const allFound = () => found.size === wanted.size;
      let request: PageRequest = { offset: 0, limit: VENDOR_MAX_LIMIT };
      let reply = await page.load(request);
      take(reply);
      if (!allFound() && continuesAfter(reply, request) && reply.total !== null) {
        // The total says which pages remain: read them all at once.
        const rest = planVendorPages(VENDOR_MAX_LIMIT, reply.total, PAGING);
        for (const other of await Promise.all(rest.map((next) => page.load(next)))) take(other);
        return numbers.map((number) => found.get(number) ?? null);
      }
      for (let read = 1; !allFound() && continuesAfter(reply, request); read++) {
        if (read >= MAX_SCAN_PAGES)
          throw badResponse(QUERY_PHONE.name, `list still not ended after ${read} pages`);
        request = { offset: request.offset + VENDOR_MAX_LIMIT, limit: VENDOR_MAX_LIMIT };
        reply = await page.load(request);
        take(reply);
      }
      return numbers.map((number) => found.get(number) ?? null);
    });
    const loadOwnPage = () => page.load(REGISTRATION_PAGE).then((reply) => reply.registrationNodes);
    let registrationNodes: Promise<RegistrationNode[]> | null = null;
    return {
      page,
      paging: PAGING,
      /** The softphone with this exact number, or null (from the list's pages, read once per operation). */
      byNumber,
      /** Registration servers ride on a queryPhone page this operation loads anyway, else load one. */
      registrationNodes(): Promise<RegistrationNode[]> {
        // Decide after this tick's batches are dispatched, so a page requested in the same tick is shared.
        registrationNodes ??= new Promise<RegistrationNode[]>((resolve) => {
          kit.afterDispatch(() => {
            const shared = firstPage;
            resolve(shared ? shared.then((reply) => reply.registrationNodes, loadOwnPage) : loadOwnPage());
          });
        });
        return registrationNodes;
      },
    };
  },
});

/** limit and offset are documented as strings; the vendor treats a limit below 1 as 1. */
export function encodeSoftphonePage(page: PageRequest): { limit: string; offset: string } {
  return { limit: String(vendorLimit(page.limit, 1)), offset: String(vendorOffset(page.offset)) };
}

const registrationServer = z.object({
  regIPAddress: lenientString,
  regPort: lenientInt,
  sipServiceIp: lenientString,
  sipServicePort: lenientInt,
});

const queryPhoneReply = z.object({
  retCode: lenientCode,
  retMsg: lenientString,
  result: optionalObject({
    total: lenientInt,
    singleRegServ: lenientArray(registrationServer),
    // node1/node2 are documented; any further nodeN the vendor adds is kept too.
    poolRegServ: z.record(z.string(), lenientArray(registrationServer)).nullish(),
    // Read by hand below: a page brings a hundred.
    phone: z.unknown(),
    // The example on the vendor page puts a single server at the top of `result`.
    regIPAddress: lenientString,
    regPort: lenientInt,
  }),
});

/** retCode "2": the tenant has no mobile agent (softphone) configured, which we read as an empty page. */
const NO_SOFTPHONES = '2';
/** status: 0 registered, 1 suspended. */
const STATUSES = { 0: 'REGISTERED', 1: 'SUSPENDED' } as const;

export function readQueryPhoneReply(response: InboundResponse): SoftphonePage {
  const reply = decodeReply(QUERY_PHONE.name, response, queryPhoneReply);
  if (reply.retCode === NO_SOFTPHONES) return { total: 0, items: [], registrationNodes: [] };
  if (reply.retCode !== '0') {
    throw vendorRejection(QUERY_PHONE.name, reply.retCode ?? '(none)', reply.retMsg);
  }
  const result = reply.result;
  const phones = listAt(QUERY_PHONE.name, result?.phone, 'result.phone', response.status);
  return {
    // Without `result.total` the list's length is unknown (never the page's length).
    total: result?.total ?? null,
    items: softphonesOf(phones, response.status),
    registrationNodes: result ? registrationNodes(result) : [],
  };
}

function softphonesOf(rows: readonly unknown[], status: number): Softphone[] {
  const items = new Array<Softphone>(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (!isRecord(row)) {
      throw shapeMismatch(QUERY_PHONE.name, `result.phone.${index}`, 'expected an object', status);
    }
    const phoneNumber = textOf(row.phoneNum);
    if (phoneNumber === null) {
      throw shapeMismatch(QUERY_PHONE.name, `result.phone.${index}.phoneNum`, 'required', status);
    }
    const phoneStatus = intOf(row.status);
    items[index] = {
      id: textOf(row.id) ?? phoneNumber,
      phoneNumber,
      password: textOf(row.password),
      status: phoneStatus === 0 || phoneStatus === 1 ? STATUSES[phoneStatus] : null,
      remark: textOf(row.remark),
      tenantId: textOf(row.tenantId),
      partitionId: textOf(row.partdbId),
    };
  }
  return items;
}

type ReplyResult = NonNullable<z.output<typeof queryPhoneReply>['result']>;
type Server = z.output<typeof registrationServer>;

function registrationNodes(result: ReplyResult): RegistrationNode[] {
  const node = (
    mode: RegistrationNode['mode'],
    poolNode: string | null,
    server: Server,
  ): RegistrationNode => ({
    mode,
    poolNode,
    registrationIp: server.regIPAddress,
    registrationPort: server.regPort,
    sipServiceIp: server.sipServiceIp,
    sipServicePort: server.sipServicePort,
  });
  const nodes = result.singleRegServ.map((server) => node('SINGLE', null, server));
  const topLevel = {
    regIPAddress: result.regIPAddress,
    regPort: result.regPort,
    sipServiceIp: null,
    sipServicePort: null,
  };
  const alreadyListed = nodes.some(
    (n) => n.registrationIp === topLevel.regIPAddress && n.registrationPort === topLevel.regPort,
  );
  if (topLevel.regIPAddress !== null && !alreadyListed) nodes.push(node('SINGLE', null, topLevel));
  for (const [poolNode, servers] of Object.entries(result.poolRegServ ?? {})) {
    for (const server of servers) nodes.push(node('POOL', poolNode, server));
  }
  return nodes;
}
