import { describe, expect, it } from 'vitest';
import {
  expectNoGraphQLErrors,
  expectNoSecretsLogged,
  startHarness,
  TEST_JWT_SECRET,
  useHarness,
  withToken,
} from '../../support/harness.js';

const harness = useHarness({ resetEach: true });

interface SoftphonePage {
  softphones: {
    totalCount: number;
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
    edges: Array<{
      node: { id: string; phoneNumber: string; status: string | null; password: string | null };
    }>;
  };
}

const PAGE = `query Page($first: Int, $after: String, $last: Int, $before: String) {
  softphones(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { id phoneNumber status password } }
  }
}`;

describe('softphones', () => {
  it('walks the whole list forwards and backwards and matches the data set', async () => {
    const expected = harness.simulator.dataset.softphones.map((p) => p.phoneNum);
    const forward: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const data: SoftphonePage = expectNoGraphQLErrors(
        await harness.query<SoftphonePage>(PAGE, { first: 45, after }),
      );
      expect(data.softphones.totalCount).toBe(expected.length);
      forward.push(...data.softphones.edges.map((e) => e.node.phoneNumber));
      if (!data.softphones.pageInfo.hasNextPage) break;
      after = data.softphones.pageInfo.endCursor;
    }
    expect(forward).toEqual(expected);

    const backward: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 100; i++) {
      const data: SoftphonePage = expectNoGraphQLErrors(
        await harness.query<SoftphonePage>(PAGE, { last: 45, before }),
      );
      backward.unshift(...data.softphones.edges.map((e) => e.node.phoneNumber));
      if (!data.softphones.pageInfo.hasPreviousPage) break;
      before = data.softphones.pageInfo.startCursor;
    }
    expect(backward).toEqual(expected);
  });

  it('maps status, and answers passwords only to a token with the cec:softphone:secrets scope', async () => {
    const data = expectNoGraphQLErrors(await harness.query<SoftphonePage>(PAGE, { first: 100 }));
    const statuses = new Set(data.softphones.edges.map((e) => e.node.status));
    expect(statuses).toEqual(new Set(['REGISTERED', 'SUSPENDED']));

    const guarded = await startHarness({
      env: { AUTH_JWT_SECRET: TEST_JWT_SECRET },
      simulator: { running: harness.simulator, clock: harness.clock },
    });
    try {
      const reader = await guarded.clientToken({ scope: 'cec:read' });
      const hidden = await guarded.query<SoftphonePage>(PAGE, { first: 3 }, withToken(reader));
      // The rest of each softphone still resolves; each password is a FORBIDDEN error of its own.
      expect(hidden.body.data?.softphones.edges.map((e) => [e.node.phoneNumber, e.node.password])).toEqual(
        guarded.simulator.dataset.softphones.slice(0, 3).map((p) => [p.phoneNum, null]),
      );
      expect(hidden.body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual(
        [0, 1, 2].map((i) => [['softphones', 'edges', i, 'node', 'password'], 'FORBIDDEN']),
      );

      const secretsReader = await guarded.clientToken({ scope: 'cec:read cec:softphone:secrets' });
      const exposed = expectNoGraphQLErrors(
        await guarded.query<SoftphonePage>(PAGE, { first: 3 }, withToken(secretsReader)),
      );
      expect(exposed.softphones.edges.map((e) => e.node.password)).toEqual(
        guarded.simulator.dataset.softphones.slice(0, 3).map((p) => p.password),
      );
      expectNoSecretsLogged(guarded);
    } finally {
      await guarded.close();
    }
  });

  it('answers a page, its registration nodes and the root registration nodes with one queryPhone call', async () => {
    const query = `{
      softphones(first: 10) { edges { node { phoneNumber } } registrationNodes { mode poolNode registrationIp registrationPort sipServiceIp sipServicePort } }
      registrationNodes { mode poolNode registrationIp registrationPort }
    }`;
    const data = expectNoGraphQLErrors(
      await harness.query<{
        softphones: { edges: unknown[]; registrationNodes: Array<Record<string, unknown>> };
        registrationNodes: Array<Record<string, unknown>>;
      }>(query),
    );
    expect(harness.simulator.control.counts().queryPhone).toBe(1);
    expect(data.softphones.edges).toHaveLength(10);
    const servers = harness.simulator.dataset.registrationServers;
    const single = servers.singleRegServ.map((s) => ({
      mode: 'SINGLE',
      poolNode: null,
      registrationIp: s.regIPAddress,
      registrationPort: Number(s.regPort),
      sipServiceIp: s.sipServiceIp,
      sipServicePort: Number(s.sipServicePort),
    }));
    expect(data.softphones.registrationNodes).toEqual(expect.arrayContaining(single));
    const pooled = data.softphones.registrationNodes.filter((n) => n.mode === 'POOL');
    expect(pooled.length).toBe(servers.poolRegServ.node1.length + servers.poolRegServ.node2.length);
    expect(new Set(pooled.map((n) => n.poolNode))).toEqual(new Set(['node1', 'node2']));
    expect(data.registrationNodes).toHaveLength(data.softphones.registrationNodes.length);
  });

  it('answers root registration nodes alone with one small queryPhone call', async () => {
    const data = expectNoGraphQLErrors(
      await harness.query<{ registrationNodes: unknown[] }>('{ registrationNodes { mode } }'),
    );
    expect(data.registrationNodes.length).toBeGreaterThan(0);
    expect(harness.simulator.control.counts().queryPhone).toBe(1);
  });
});

describe('softphones when queryPhone fails', () => {
  it('answers with an upstream error and keeps serving', async () => {
    harness.simulator.control.addFault({ endpoint: 'queryPhone', status: 503 });
    try {
      const failed = await harness.query('{ softphones(first: 1) { totalCount } }');
      expect(failed.status).toBe(200);
      expect(failed.body.errors?.[0]?.extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        endpoint: 'queryPhone',
      });
      const alone = await harness.query('{ registrationNodes { mode } }');
      expect(alone.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      harness.simulator.control.clearFaults();
    }
    const healthy = expectNoGraphQLErrors(
      await harness.query<{ registrationNodes: unknown[] }>('{ registrationNodes { mode } }'),
    );
    expect(healthy.registrationNodes.length).toBeGreaterThan(0);
  });
});
