import { z } from 'zod';
import type { ApiAccessClient } from '../transport/api-access-client.js';
import type { InboundResponse } from '../transport/http-transport.js';
import type { PageRequest, RegistrationNode, SoftphonePage, SoftphoneSource } from './domain.js';
import { lenientArray, lenientCode, lenientInt, lenientString, optionalObject } from './lenient.js';
import { vendorLimit, vendorOffset } from './paging.js';
import { decodeReply, vendorRejection } from './reply.js';

/** queryPhone V2 (C1): a page of allocated softphones plus the registration servers. */
export const QUERY_PHONE_PATH = '/apiaccess/CC-Management/v2/mobileAgent/queryPhone';

export function createSoftphoneSource(client: ApiAccessClient): SoftphoneSource {
  return {
    async list(page) {
      const response = await client.post('queryPhone', QUERY_PHONE_PATH, encodeSoftphonePage(page));
      return readQueryPhoneReply(response);
    },
  };
}

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

export const queryPhoneReply = z.object({
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

export function readQueryPhoneReply(response: InboundResponse): SoftphonePage {
  const reply = decodeReply('queryPhone', response, queryPhoneReply);
  if (reply.retCode === NO_SOFTPHONES) return { total: 0, items: [], registrationNodes: [] };
  if (reply.retCode !== '0') {
    throw vendorRejection('queryPhone', reply.retCode ?? '(none)', reply.retMsg);
  }
  const result = reply.result;
  const phones = result?.phone ?? [];
  return {
    total: result?.total ?? phones.length,
    items: phones.map((phone) => ({
      id: phone.id,
      phoneNumber: phone.phoneNum,
      password: phone.password,
      statusCode: phone.status,
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
