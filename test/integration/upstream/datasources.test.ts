import { describe, expect, it } from 'vitest';
import { CallRecordWindowError, callRecordWindow } from '../../../src/datasources/call-record-window.js';
import { createLoaders } from '../../../src/datasources/registry.js';
import { failureOf, useHarness } from '../../support/harness.js';

const harness = useHarness({ timezone: 'Asia/Shanghai', resetEach: true });

const counts = () => harness.simulator.control.counts();

describe('datasources against the simulator', () => {
  it('lists access codes as domain objects', async () => {
    const expected = harness.simulator.dataset.accessCodes.slice(10, 15);
    const page = await harness.datasources.accessCodes.list({ limit: 5, offset: 10 });
    expect(page.total).toBe(harness.simulator.dataset.accessCodes.length);
    expect(page.items).toEqual(
      expected.map((item) => ({
        id: item.id,
        accessCode: item.accessCode,
        description: item.description,
        n400Number: item.n400Number ?? null,
        mediaType: expect.objectContaining({ code: item.mediatypeId }),
        callDirection: ({ 1: 'INBOUND', 2: 'OUTBOUND', 3: 'BOTH' } as const)[item.numCallAttr],
      })),
    );
  });

  it('never asks for more than 100 items', async () => {
    await harness.datasources.accessCodes.list({ limit: 1_000, offset: 0 });
    await harness.datasources.softphones.list({ limit: 1_000, offset: 0 });
    const bodies = harness.simulator.control
      .requests()
      .filter((r) => r.endpoint !== 'tokenByAkSk')
      .map((r) => r.body);
    expect(bodies).toEqual([
      { limit: 100, offset: 0 },
      { limit: '100', offset: '0' },
    ]);
  });

  it('pages softphones with their registration nodes', async () => {
    const { dataset } = harness.simulator;
    const page = await harness.datasources.softphones.list({ limit: 3, offset: 2 });
    expect(page.total).toBe(dataset.softphones.length);
    expect(page.items.map((p) => p.phoneNumber)).toEqual(
      dataset.softphones.slice(2, 5).map((p) => p.phoneNum),
    );
    const servers = dataset.registrationServers;
    expect(page.registrationNodes).toHaveLength(
      servers.singleRegServ.length + servers.poolRegServ.node1.length + servers.poolRegServ.node2.length,
    );
    expect(page.registrationNodes[0]).toMatchObject({
      mode: 'SINGLE',
      registrationIp: servers.singleRegServ[0]?.regIPAddress,
      registrationPort: Number(servers.singleRegServ[0]?.regPort),
    });
  });

  it('resolves called info, and null for an unconfigured number', async () => {
    const code = harness.simulator.dataset.accessCodes[0]?.accessCode ?? '';
    const route = harness.simulator.dataset.routeFor(code);
    const info = await harness.datasources.calledInfo.get({ caller: '13800000000', called: code });
    expect(info).toEqual({
      caller: '13800000000',
      called: code,
      routedNumber: route?.called,
      deviceType: route?.devType === 0 ? 'SKILL_QUEUE' : 'NUMBER',
      skillId: route?.skillId,
      skillName: route?.skillName,
    });
    expect(await harness.datasources.calledInfo.get({ caller: '1', called: '0000' })).toBeNull();
  });

  it('creates an anonymous call and reports business failures as outcomes', async () => {
    const outcome = await harness.datasources.anonymousCalls.create({
      called: '88884432',
      callerPresent: '95599',
    });
    const [host, port] = harness.simulator.dataset.sipServiceAddress.split(':');
    expect(outcome).toMatchObject({
      ok: true,
      sipServiceAddress: harness.simulator.dataset.sipServiceAddress,
      sipServerHost: host,
      sipServerPort: Number(port),
    });
    expect(await harness.datasources.anonymousCalls.create({ called: '30010000002' })).toEqual({
      ok: false,
      reason: 'NO_SIP_SERVER',
      vendorCode: '30010000002',
      message: 'No SIP server information is found.',
    });
  });

  it('lists call records inside the window, in the tenant time zone', async () => {
    const window = harness.simulator.dataset.queryWindow();
    // Our window and the simulator's agree on "yesterday and today" in Shanghai, to the second (the
    // simulator ends at 23:59:59.000, the vendor's wording; ours at .999, per the issue).
    const ours = callRecordWindow(harness.clock.now(), 'Asia/Shanghai');
    expect(ours.earliest).toBe(window.earliest);
    expect(Math.floor(ours.latest / 1000)).toBe(Math.floor(window.latest / 1000));
    const query = { ccId: 1, vdn: 1, inbound: true, from: window.earliest, to: window.latest };
    const expected = harness.simulator.dataset.callRecords(query);
    const page = await harness.datasources.callRecords.list({
      ...query,
      direction: 'INBOUND',
      limit: 5,
      offset: 0,
    });
    expect(page.total).toBe(expected.length);
    expect(page.items.map((r) => r.callId)).toEqual(expected.slice(0, 5).map((r) => r.callId));
    const [body] = harness.simulator.control
      .requests()
      .filter((r) => r.endpoint === 'querycalls')
      .map((r) => r.body);
    expect(body).toMatchObject({ beginDate: window.earliest, endDate: window.latest, isCallIn: 'true' });
  });

  it('refuses a range outside the window without calling upstream', async () => {
    const window = harness.simulator.dataset.queryWindow();
    const error = await failureOf(
      harness.datasources.callRecords.list({
        ccId: 1,
        vdn: 1,
        direction: 'INBOUND',
        from: window.earliest - 1,
        to: window.latest,
        limit: 5,
        offset: 0,
      }),
    );
    expect(error).toBeInstanceOf(CallRecordWindowError);
    expect(error.message).toContain(new Date(window.earliest).toISOString());
    expect(counts().querycalls).toBe(0);
  });
});

describe('loaders against the simulator', () => {
  it('makes one upstream call for N identical lookups in an operation', async () => {
    const loaders = createLoaders(harness.datasources);
    const code = harness.simulator.dataset.accessCodes[3]?.accessCode ?? '';
    const results = await Promise.all(
      Array.from({ length: 25 }, () => loaders.calledInfo.route.load({ caller: '1', called: code })),
    );
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    const byCode = await Promise.all(Array.from({ length: 25 }, () => loaders.accessCodes.byCode.load(code)));
    expect(byCode.every((item) => item?.accessCode === code)).toBe(true);
    expect(counts()).toMatchObject({ getCalledInfo: 1, queryAccessCodeList: 1 });
  });

  it('serves softphonePage and registrationNodes() of one tick with one queryPhone call', async () => {
    const loaders = createLoaders(harness.datasources);
    const [page, nodes] = await Promise.all([
      loaders.softphones.page.load({ limit: 10, offset: 0 }),
      loaders.softphones.registrationNodes(),
    ]);
    expect(page.items).toHaveLength(10);
    expect(nodes).toEqual(page.registrationNodes);
    expect(counts().queryPhone).toBe(1);
  });
});
