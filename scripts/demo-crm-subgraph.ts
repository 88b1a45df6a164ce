/**
 * A demo CRM subgraph for composing cec-graphql into a supergraph (`npm run supergraph` and the
 * gateway e2e test). It is written SDL-first with @apollo/subgraph, as another team's service might
 * be: customers whose `hotline` references our `AccessCode` entity and whose `deskPhone` references
 * `Softphone`, and an `AccessCode.customers` field that this subgraph adds to our entity. Its
 * customers point at codes and numbers of the embedded simulator's seeded data set, plus one hotline
 * that the contact center does not know (CEC answers null for it: its CEC fields are null).
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';

export interface Customer {
  id: string;
  name: string;
  /** An access code of the contact center, or null. */
  hotline: string | null;
  /** A softphone number of the contact center, or null. */
  deskPhone: string | null;
}

/** Rows 1 and 2 and row 230 (past the 200 rows queryAccessCodeList can page to) of the seeded codes. */
export const DEMO_CUSTOMERS: readonly Customer[] = [
  { id: 'c-1001', name: 'Acme Logistics', hotline: '9911301', deskPhone: '88881000' },
  { id: 'c-1002', name: 'Borealis Bank', hotline: '9911302', deskPhone: '88881007' },
  { id: 'c-1003', name: 'Cobalt Retail', hotline: '9911301', deskPhone: null },
  { id: 'c-1004', name: 'Dune Travel', hotline: '9911530', deskPhone: null },
  { id: 'c-1005', name: 'Echo Media', hotline: '5550000', deskPhone: null },
];

export const CRM_TYPE_DEFS = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])

  type Query {
    "Customers in CRM order."
    customers("At most this many." first: Int = 10, "Customers after this cursor." after: String): CustomerConnection!
    "The customer with this id; null when there is none."
    customer("The customer id." id: ID!): Customer
  }

  "A customer of the company."
  type Customer @key(fields: "id") {
    "CRM id."
    id: ID!
    "Display name."
    name: String!
    "The service number the customer's callers dial (an access code of the contact center)."
    hotline: AccessCode
    "The softphone of the customer's account manager."
    deskPhone: Softphone
  }

  "An access code of the contact center, extended with the customers that use it."
  type AccessCode @key(fields: "accessCode") {
    "The access code."
    accessCode: String!
    "Customers whose hotline this is."
    customers: [Customer!]!
  }

  "A softphone of the contact center (resolved by cec-graphql)."
  type Softphone @key(fields: "phoneNumber", resolvable: false) {
    "The softphone number."
    phoneNumber: String!
  }

  "A page of customers."
  type CustomerConnection {
    "The customers of this page."
    edges: [CustomerEdge!]!
    "Where this page sits."
    pageInfo: PageInfo!
  }

  "A customer and its cursor."
  type CustomerEdge {
    "Opaque position."
    cursor: String!
    "The customer."
    node: Customer!
  }

  "Relay page info, shared with every Relay-style subgraph."
  type PageInfo @shareable {
    "Whether more items follow."
    hasNextPage: Boolean!
    "Whether items precede."
    hasPreviousPage: Boolean!
    "Cursor of the first item; null when empty."
    startCursor: String
    "Cursor of the last item; null when empty."
    endCursor: String
  }
`);

/** The CRM subgraph as a yoga server (bind it with node:http); `customers` defaults to DEMO_CUSTOMERS. */
export function createCrmSubgraph(
  customers: readonly Customer[] = DEMO_CUSTOMERS,
): YogaServerInstance<object, object> {
  const byId = (id: string) => customers.find((customer) => customer.id === id) ?? null;
  const schema = buildSubgraphSchema({
    typeDefs: CRM_TYPE_DEFS,
    resolvers: {
      Query: {
        customers: (_root: unknown, args: { first: number; after?: string | null }) => {
          const start = args.after ? Number(args.after) + 1 : 0;
          const page = customers.slice(start, start + Math.max(0, args.first));
          const edges = page.map((node, index) => ({ cursor: String(start + index), node }));
          return {
            edges,
            pageInfo: {
              hasNextPage: start + page.length < customers.length,
              hasPreviousPage: start > 0,
              startCursor: edges[0]?.cursor ?? null,
              endCursor: edges.at(-1)?.cursor ?? null,
            },
          };
        },
        customer: (_root: unknown, args: { id: string }) => byId(args.id),
      },
      Customer: {
        __resolveReference: (reference: { id: string }) => byId(reference.id),
        hotline: (customer: Customer) => (customer.hotline ? { accessCode: customer.hotline } : null),
        deskPhone: (customer: Customer) => (customer.deskPhone ? { phoneNumber: customer.deskPhone } : null),
      },
      AccessCode: {
        __resolveReference: (reference: { accessCode: string }) => reference,
        customers: (code: { accessCode: string }) =>
          customers.filter((customer) => customer.hotline === code.accessCode),
      },
    },
  });
  return createYoga({ schema, graphqlEndpoint: '/graphql', landingPage: false, logging: false });
}
