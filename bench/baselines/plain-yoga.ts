/**
 * The "plain" baseline: graphql-yoga with an SDL schema and resolvers that call the vendor directly, as a
 * developer writes it in an afternoon (the fields the scenarios select, named as in schema.graphql;
 * offset cursors; no loaders, limits or client auth). `--jit` adds graphql-jit through
 * @envelop/graphql-jit, the same server otherwise.
 * Run: CEC_BASE_URL=… CEC_APP_KEY=… CEC_APP_SECRET=… CMS_ACCESS_KEY=… CMS_SECRET_KEY=… PORT=… \
 *      node --import tsx bench/baselines/plain-yoga.ts [--jit]
 */
import { createServer } from 'node:http';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createSchema, createYoga } from 'graphql-yoga';
import * as map from './mapping.js';
import { createVendor, vendorSettingsFromEnv } from './vendor.js';

const vendor = createVendor(vendorSettingsFromEnv());
const jit = process.argv.includes('--jit');

const typeDefs = /* GraphQL */ `
  type Query {
    accessCodes(first: Int, after: String): AccessCodeConnection
    softphones(first: Int, after: String): SoftphoneConnection
    callRecords(first: Int, after: String, filter: CallRecordFilter!): CallRecordConnection
  }
  type Mutation {
    createAnonymousCall(input: CreateAnonymousCallInput!): CreateAnonymousCallResult!
  }
  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type CodedValue { code: Int! name: String description: String }

  type AccessCodeConnection { totalCount: Int! pageInfo: PageInfo! edges: [AccessCodeEdge!]! }
  type AccessCodeEdge { cursor: String! node: AccessCode! }
  enum CallDirection { INBOUND OUTBOUND BOTH }
  type AccessCode {
    id: ID!
    accessCode: String!
    description: String
    n400Number: String
    mediaType: CodedValue!
    callDirection: CallDirection
    routing(caller: String!): CalledInfo
  }
  enum CalledDeviceType { SKILL_QUEUE NUMBER }
  type CalledInfo {
    caller: String!
    called: String!
    deviceType: CalledDeviceType!
    routedNumber: String
    skillId: Int
    skillName: String
  }

  type SoftphoneConnection {
    totalCount: Int!
    pageInfo: PageInfo!
    edges: [SoftphoneEdge!]!
    registrationNodes: [RegistrationNode!]!
  }
  type SoftphoneEdge { cursor: String! node: Softphone! }
  enum SoftphoneStatus { REGISTERED SUSPENDED }
  type Softphone {
    id: ID!
    phoneNumber: String!
    status: SoftphoneStatus
    remark: String
    tenantId: String
    partitionId: String
  }
  enum RegistrationMode { SINGLE POOL }
  type RegistrationNode {
    mode: RegistrationMode!
    poolNode: String
    registrationIp: String
    registrationPort: Int
    sipServiceIp: String
    sipServicePort: Int
  }

  enum CallRecordDirection { INBOUND OUTBOUND }
  scalar DateTime
  input CallRecordFilter {
    ccId: Int
    vdn: Int!
    direction: CallRecordDirection!
    from: DateTime!
    to: DateTime!
  }
  type CallRecordConnection { totalCount: Int! pageInfo: PageInfo! edges: [CallRecordEdge!]! }
  type CallRecordEdge { cursor: String! node: CallRecord! }
  type CallRecord {
    callId: ID!
    direction: CallRecordDirection!
    callerNumber: String
    calleeNumber: String
    vdn: Int!
    answered: Boolean!
    waitSeconds: Float
    talkSeconds: Float
    callType: CodedValue!
    mediaType: CodedValue!
    leaveReason: CodedValue
    waitBegin: DateTime
    ackBegin: DateTime
    callBegin: DateTime
    callEnd: DateTime
    loggedAt: DateTime
  }

  input CreateAnonymousCallInput { called: String!, callerPresent: String, callData: String }
  union CreateAnonymousCallResult = AnonymousCall | CallCreationError
  type AnonymousCall {
    callSerialNo: String
    sipServiceAddress: String!
    sipServerHost: String!
    sipServerPort: Int!
    accessCode: String!
  }
  type CallCreationError { reason: String! vendorCode: String! }
`;

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

const cursorOf = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');
const offsetOf = (after?: string | null) =>
  after ? Number(Buffer.from(after, 'base64').toString().slice('offset:'.length)) + 1 : 0;

/** A Relay connection over one vendor page. */
function connection<T>(offset: number, total: number, nodes: T[], extra: Record<string, unknown> = {}) {
  const edges = nodes.map((node, index) => ({ cursor: cursorOf(offset + index), node }));
  return {
    totalCount: total,
    pageInfo: {
      hasNextPage: offset + nodes.length < total,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    edges,
    ...extra,
  };
}

const resolvers = {
  Query: {
    accessCodes: async (_: unknown, args: PageArgs) => {
      const offset = offsetOf(args.after);
      const reply = await vendor.accessCodes({ limit: args.first ?? 20, offset });
      return connection(offset, reply.data.total, reply.data.calledRouteList.map(map.accessCode));
    },
    softphones: async (_: unknown, args: PageArgs) => {
      const offset = offsetOf(args.after);
      const { result } = await vendor.phones({ limit: String(args.first ?? 20), offset: String(offset) });
      return connection(offset, result.total, result.phone.map(map.softphone), {
        registrationNodes: map.registrationNodes(result),
      });
    },
    callRecords: async (
      _: unknown,
      args: PageArgs & {
        filter: { ccId?: number; vdn: number; direction: string; from: string; to: string };
      },
    ) => {
      const offset = offsetOf(args.after);
      const { filter } = args;
      const reply = await vendor.queryCalls({
        ccId: filter.ccId ?? 1,
        vdn: filter.vdn,
        beginDate: Date.parse(filter.from),
        endDate: Date.parse(filter.to),
        isCallIn: filter.direction === 'INBOUND' ? 'true' : 'false',
        limit: args.first ?? 20,
        offset,
      });
      const { data, count } = reply.resultDesc;
      return connection(
        offset,
        count,
        data.map((row) => map.callRecord(row, filter.direction)),
      );
    },
  },
  AccessCode: {
    routing: async (code: { accessCode: string }, args: { caller: string }) =>
      map.calledInfo(
        args.caller,
        code.accessCode,
        await vendor.calledInfo({ caller: args.caller, called: code.accessCode }),
      ),
  },
  Mutation: {
    createAnonymousCall: async (_: unknown, args: { input: { called: string; callerPresent?: string } }) =>
      map.createdCall(await vendor.createCall(args.input)),
  },
  CreateAnonymousCallResult: {
    __resolveType: (value: { __typename: string }) => value.__typename,
  },
};

const yoga = createYoga({
  schema: createSchema({ typeDefs, resolvers }),
  graphiql: false,
  landingPage: false,
  plugins: jit ? [useGraphQlJit()] : [],
});

const server = createServer(yoga);
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : '';
  process.stdout.write(`plain yoga${jit ? ' + graphql-jit' : ''} listening on ${port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void vendor.close().then(() => process.exit(0));
});
