import { z } from 'zod';
import { defineEndpoint } from '../transport/endpoint.js';
import type { InboundResponse } from '../transport/http-transport.js';
import { defineDatasource, vendorCall } from './datasource.js';
import { lenientArray, lenientCode, lenientInt, lenientString, optionalObject } from './vendor/lenient.js';
import {
  type ListSource,
  type Page,
  type PageRequest,
  type PagingRules,
  vendorLimit,
  vendorOffset,
} from './vendor/paging.js';
import { decodeReply, vendorRejection } from './vendor/reply.js';

/** queryPhone V2 (bearer token): a page of allocated softphones plus the registration servers. */
export const QUERY_PHONE = defineEndpoint({
  name: 'queryPhone',
  host: 'cec',
  path: '/apiaccess/CC-Management/v2/mobileAgent/queryPhone',
  auth: 'bearer',
  repeatSafe: true,
});

export interface Softphone {
  /** Vendor configuration id as a string; null when absent. */
  id: string | null;
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

export const softphonesDatasource = defineDatasource({
  endpoint: QUERY_PHONE,
  create: ({ client }): SoftphoneSource => ({
    list: vendorCall(client, QUERY_PHONE, encodeSoftphonePage, readQueryPhoneReply),
  }),
  loaders: (source, kit) => {
    // The first softphone page this operation asked for; every queryPhone reply carries the servers.
    let firstPage: Promise<SoftphonePage> | null = null;
    const page = kit.observedLoader(
      (request: PageRequest) => source.list(request),
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
    const loadOwnPage = () => page.load(REGISTRATION_PAGE).then((reply) => reply.registrationNodes);
    let registrationNodes: Promise<RegistrationNode[]> | null = null;
    return {
      page,
      /** queryPhone pages may start anywhere and have no offset ceiling. */
      paging: { maxOffset: Number.POSITIVE_INFINITY, aligned: false } satisfies PagingRules,
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

const phoneItem = z.object({
  phoneNum: lenientString.pipe(z.string()),
  password: lenientString,
  id: lenientString,
  status: lenientInt,
  remark: lenientString,
  tenantId: lenientString,
  partdbId: lenientString,
});

const queryPhoneReply = z.object({
  retCode: lenientCode,
  retMsg: lenientString,
  result: optionalObject({
    total: lenientInt,
    singleRegServ: lenientArray(registrationServer),
    // node1/node2 are documented; any further nodeN the vendor adds is kept too.
    poolRegServ: z.record(z.string(), lenientArray(registrationServer)).nullish(),
    phone: lenientArray(phoneItem),
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
  const phones = result?.phone ?? [];
  return {
    // Without `result.total` the list's length is unknown (never the page's length).
    total: result?.total ?? null,
    items: phones.map((phone) => ({
      id: phone.id,
      phoneNumber: phone.phoneNum,
      password: phone.password,
      status: phone.status === 0 || phone.status === 1 ? STATUSES[phone.status] : null,
      remark: phone.remark,
      tenantId: phone.tenantId,
      partitionId: phone.partdbId,
    })),
    registrationNodes: result ? registrationNodes(result) : [],
  };
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
