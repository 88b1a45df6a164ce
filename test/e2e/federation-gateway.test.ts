// This server as a subgraph under a real Hive Gateway, composed with a second (CRM) subgraph that
// references and extends its entities; everything on loopback.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmSubgraph, DEMO_CUSTOMERS } from '../../scripts/demo-crm-subgraph.js';
import {
  composeSupergraph,
  createGateway,
  type RunningServer,
  serve,
} from '../../scripts/supergraph-gateway.js';
import { type GraphQLQuery, graphqlClient } from '../support/graphql-client.js';
import { expectNoGraphQLErrors, useHarness } from '../support/harness.js';

const harness = useHarness({ resetEach: true });

let crm: RunningServer | undefined;
let gateway: RunningServer | undefined;
let gatewayRuntime: ReturnType<typeof createGateway> | undefined;
let supergraph = '';
let throughGateway: GraphQLQuery;

beforeAll(async () => {
  crm = await serve(createCrmSubgraph());
  supergraph = await composeSupergraph([
    { name: 'cec', url: harness.url },
    { name: 'crm', url: crm.url },
  ]);
  gatewayRuntime = createGateway(supergraph);
  gateway = await serve(gatewayRuntime);
  throughGateway = graphqlClient(gateway.url);
});

afterAll(async () => {
  await gateway?.close();
  await gatewayRuntime?.dispose();
  await crm?.close();
});

/** Vendor calls since the last reset, without the token requests. */
function vendorCalls(): Record<string, number> {
  const { tokenByAkSk: _token, ...calls } = harness.simulator.control.counts();
  return Object.fromEntries(Object.entries(calls).filter(([, count]) => count > 0));
}

function simulatorAccessCode(code: string) {
  return harness.simulator.dataset.accessCodes.find((item) => item.accessCode === code) ?? null;
}

function simulatorSoftphone(number: string) {
  return harness.simulator.dataset.softphones.find((phone) => phone.phoneNum === number) ?? null;
}

function expectedRouting(code: string) {
  const route = harness.simulator.dataset.routeFor(code);
  if (!route) throw new Error(`no route for ${code}`);
  return { deviceType: route.devType === 0 ? 'SKILL_QUEUE' : 'NUMBER', skillName: route.skillName };
}

/** The README's Federation example: its graphql block and the json answer after it. */
function readmeExample(): { query: string; answer: unknown } {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.search(/^## Federation$/m);
  const rest = start < 0 ? '' : readme.slice(start + 1);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const block = (lang: string) => new RegExp(`^\`\`\`${lang}\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(section)?.[1];
  const query = block('graphql');
  const answer = block('json');
  if (!query || !answer) throw new Error('README.md: no graphql and json example under "## Federation"');
  return { query, answer: JSON.parse(answer) };
}

describe('the supergraph of cec-graphql and a CRM subgraph under Hive Gateway', () => {
  it('composes: the entities are joined across both subgraphs and PageInfo is shared', () => {
    expect(supergraph).toMatch(/type AccessCode[^{]*@join__type\(graph: CEC, key: "accessCode"\)/);
    expect(supergraph).toMatch(/type AccessCode[^{]*@join__type\(graph: CRM, key: "accessCode"\)/);
    expect(supergraph).toMatch(/type PageInfo[^{]*@join__type\(graph: CEC\)[^{]*@join__type\(graph: CRM\)/);
  });

  it('answers a query that starts in the CRM and reads access codes, routing and softphones from CEC', async () => {
    const query = `{
      customers(first: 10) {
        pageInfo { hasNextPage }
        edges { node {
          id name
          hotline {
            accessCode description n400Number
            routing(caller: "13800000000") { deviceType skillName }
            customers { id }
          }
          deskPhone { phoneNumber status remark }
        } }
      }
    }`;
    const data = expectNoGraphQLErrors(await throughGateway<{ customers: unknown }>(query), query);

    const customersOf = (code: string) =>
      DEMO_CUSTOMERS.filter((customer) => customer.hotline === code).map(({ id }) => ({ id }));
    expect(data.customers).toEqual({
      pageInfo: { hasNextPage: false },
      edges: DEMO_CUSTOMERS.map((customer) => {
        const code = customer.hotline ? simulatorAccessCode(customer.hotline) : null;
        const phone = customer.deskPhone ? simulatorSoftphone(customer.deskPhone) : null;
        return {
          node: {
            id: customer.id,
            name: customer.name,
            // The CRM owns the reference; for a code CEC does not know, CEC's fields are null.
            hotline: customer.hotline && {
              accessCode: customer.hotline,
              description: code?.description ?? null,
              n400Number: code?.n400Number ?? null,
              routing: code && expectedRouting(code.accessCode),
              customers: customersOf(customer.hotline),
            },
            deskPhone: phone && {
              phoneNumber: phone.phoneNum,
              status: phone.status === 0 ? 'REGISTERED' : 'SUSPENDED',
              remark: phone.remark,
            },
          },
        };
      }),
    });
    // The demo data really crosses the interesting cases: a shared hotline, one past the 200 rows
    // queryAccessCodeList can page to, and one the contact center does not know.
    const distinctCodes = new Set(DEMO_CUSTOMERS.map((customer) => customer.hotline));
    expect(distinctCodes.size).toBe(4);
    expect(simulatorAccessCode('5550000')).toBeNull();
    expect(
      harness.simulator.dataset.accessCodes.findIndex((c) => c.accessCode === '9911530'),
    ).toBeGreaterThanOrEqual(200);

    // Four distinct codes: the two reachable list pages, then one exact lookup each for the code past
    // them and the unknown one; one getCalledInfo per distinct found code; both softphones on page one.
    expect(vendorCalls()).toEqual({ queryAccessCodeList: 4, getCalledInfo: 3, queryPhone: 1 });
  });

  it("answers the README's example with the answer and vendor calls it shows", async () => {
    const { query, answer } = readmeExample();
    const response = await throughGateway(query);
    expect(response.body).toEqual(answer);
    expect(vendorCalls()).toEqual({ queryAccessCodeList: 2, getCalledInfo: 2, queryPhone: 1 });
  });

  it('answers a query that starts in CEC, goes to the CRM and comes back for softphones', async () => {
    const query = `{
      accessCode(accessCode: "9911301") {
        accessCode description
        customers { name deskPhone { phoneNumber remark } }
      }
      accessCodes(first: 2) { pageInfo { hasNextPage } edges { node { accessCode } } }
    }`;
    const data = expectNoGraphQLErrors(await throughGateway<Record<string, unknown>>(query), query);
    const code = simulatorAccessCode('9911301');
    expect(data).toEqual({
      accessCode: {
        accessCode: '9911301',
        description: code?.description,
        customers: DEMO_CUSTOMERS.filter((customer) => customer.hotline === '9911301').map((customer) => {
          const phone = customer.deskPhone ? simulatorSoftphone(customer.deskPhone) : null;
          return {
            name: customer.name,
            deskPhone: phone && { phoneNumber: phone.phoneNum, remark: phone.remark },
          };
        }),
      },
      accessCodes: {
        pageInfo: { hasNextPage: true },
        edges: harness.simulator.dataset.accessCodes
          .slice(0, 2)
          .map((item) => ({ node: { accessCode: item.accessCode } })),
      },
    });
    // The exact lookup and the first page: two list calls; the desk phones: one queryPhone.
    expect(vendorCalls()).toEqual({ queryAccessCodeList: 2, queryPhone: 1 });
  });
});
