import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphiqlOptions } from '../../src/graphiql.js';
import type { EndpointName } from '../../src/simulator/index.js';
import { type Harness, useHarness } from '../support/harness.js';

/** Debian's chromium package; `npm test` installs it first (scripts/ensure-chromium.sh, the "pretest" script). */
const CHROMIUM = '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps dialling Google's hosts from a closed network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = fileURLToPath(new URL('../../test-results/graphiql-browser/', import.meta.url));
const WAIT_MS = 15_000;
/**
 * The first request for GraphiQL's 9 MB bundle has the server compress it (brotli, kept for later ones):
 * a few seconds on an idle machine, over ten on a busy one, so loading the page gets its own budget.
 */
const PAGE_LOAD_MS = 60_000;

/** A default tab of src/graphiql.ts as the page under test gets it. */
interface ExampleTab {
  /** The operation name, which is also the title GraphiQL gives the tab. */
  title: string;
  query: string;
  variables: Record<string, unknown>;
}

interface TabExpectation {
  /** Lines the result pane shows (as GraphiQL prints them), computed from the simulator's data set. */
  shows: string[];
  /** The vendor interface the operation must reach: the data is the simulator's, not a cache's. */
  calls: EndpointName;
}

/** The page's example tabs at the harness clock's now (the server renders them from the same clock). */
function exampleTabs(now: number): ExampleTab[] {
  return (graphiqlOptions(new Date(now)).defaultTabs ?? []).map(({ query, variables }) => {
    const title = /^\s*(?:query|mutation|subscription)\s+(\w+)/m.exec(query ?? '')?.[1];
    if (!query || !title) throw new Error(`a GraphiQL default tab has no named operation:\n${query}`);
    return { title, query, variables: variables ? (JSON.parse(variables) as Record<string, unknown>) : {} };
  });
}

/** One line of the result pane: GraphiQL prints the result with JSON.stringify(result, null, 2). */
function line(name: string, value: unknown): string {
  return `${JSON.stringify(name)}: ${JSON.stringify(value)}`;
}

function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the simulator's data set has no ${what}`);
  return value;
}

function stringVariable(tab: ExampleTab, name: string): string {
  const value = tab.variables[name];
  if (typeof value !== 'string') throw new Error(`the ${tab.title} tab has no string variable ${name}`);
  return value;
}

/**
 * One entry per tab, keyed by operation name: what its operation answers with the simulator's data set,
 * so a change of the seed (or of a tab's arguments) changes the expectation rather than failing it.
 */
const EXPECTED: Record<string, (tab: ExampleTab, harness: Harness) => TabExpectation> = {
  AccessCodes: (tab, { simulator: { dataset } }) => {
    expect(tab.query).toContain('filter: { mediaType: AUDIO_VIDEO }');
    const audioVideo = dataset.accessCodes.filter((code) => code.mediatypeId === 5);
    const first = present(audioVideo[0], 'audio/video access code');
    return {
      shows: [
        line('totalCount', audioVideo.length),
        line('accessCode', first.accessCode),
        line('skillName', dataset.routeFor(first.accessCode)?.skillName ?? null),
      ],
      calls: 'queryAccessCodeList',
    };
  },
  AccessCode: (tab, { simulator: { dataset } }) => {
    const code = stringVariable(tab, 'code');
    const item = present(
      dataset.accessCodes.find((candidate) => candidate.accessCode === code),
      `access code ${code}`,
    );
    const callDirection = ({ 1: 'INBOUND', 2: 'OUTBOUND', 3: 'BOTH' } as const)[item.numCallAttr];
    return {
      shows: [line('id', item.id), line('accessCode', code), line('callDirection', callDirection)],
      calls: 'queryAccessCodeList',
    };
  },
  Softphones: (_tab, { simulator: { dataset } }) => {
    const first = present(dataset.softphones[0], 'softphone');
    return {
      shows: [
        line('totalCount', dataset.softphones.length),
        line('phoneNumber', first.phoneNum),
        line('remark', first.remark),
      ],
      calls: 'queryPhone',
    };
  },
  CalledInfo: (tab, { simulator: { dataset } }) => {
    const called = present(/\bcalled:\s*"([^"]+)"/.exec(tab.query)?.[1], 'called number in the tab');
    const route = dataset.routeFor(called);
    return {
      shows: route
        ? [
            line('deviceType', route.devType === 0 ? 'SKILL_QUEUE' : 'NUMBER'),
            line('skillName', route.skillName),
          ]
        : [line('calledInfo', null)],
      calls: 'getCalledInfo',
    };
  },
  CallRecords: (tab, { simulator: { dataset }, config }) => {
    expect(tab.query).toContain('filter: { vdn: 1, direction: INBOUND, from: $from, to: $to }');
    const calls = dataset.callRecords({
      ccId: config.callRecords.defaultCcId,
      vdn: 1,
      inbound: true,
      from: Date.parse(stringVariable(tab, 'from')),
      to: Date.parse(stringVariable(tab, 'to')),
    });
    const first = present(calls[0], 'inbound call of VDN 1 today');
    return {
      shows: [line('totalCount', calls.length), line('callId', first.callId)],
      calls: 'querycalls',
    };
  },
  CreateAnonymousCall: (_tab, { simulator: { dataset } }) => ({
    shows: [
      line('__typename', 'AnonymousCall'),
      line('sipServerHost', present(dataset.sipServiceAddress.split(':')[0], 'SIP service address')),
    ],
    calls: 'createcall',
  }),
};

/** Monaco renders only the visible lines, with non-breaking spaces: read what a person sees. */
async function visibleText(page: Page, editor: string): Promise<string> {
  return (await page.locator(`${editor} .view-lines`).innerText()).replace(/\u00a0/g, ' ');
}

/**
 * Waits until GraphiQL has taken in the query the editor shows. After a tab switch its editor shows the
 * tab's query at once, but GraphiQL parses it (and so learns the operation name it sends) in a change
 * handler debounced by 100 ms; Run before that sends the previous tab's operation name ("Cannot infer
 * operation ..."). That handler, in the same step, hands the query to yoga's onEditQuery, which writes it
 * to the address bar: once the URL holds the query, GraphiQL's operation name is the query's.
 */
async function waitUntilGraphiQLHasParsed(page: Page, query: string): Promise<void> {
  await page.waitForFunction(
    (expected) => new URL(window.location.href).searchParams.get('query') === expected,
    query,
  );
}

const harness = useHarness({ env: { GRAPHIQL: 'true' } });
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run \`bash scripts/ensure-chromium.sh\` (\`npm test\` runs it as "pretest")`,
    );
  }
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  // launch() gives every run a fresh, empty profile directory.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
});

describe('GraphiQL in headless Chromium', () => {
  it('has an expectation for every example tab', () => {
    const titles = exampleTabs(harness.clock.now()).map((tab) => tab.title);
    expect(titles.toSorted()).toEqual(Object.keys(EXPECTED).toSorted());
  });

  it(
    'runs every example tab and shows the simulator data in the result pane',
    async () => {
      if (!browser) throw new Error('the browser did not start');
      const tabs = exampleTabs(harness.clock.now());
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      page.setDefaultTimeout(WAIT_MS);
      const pageErrors: string[] = [];
      const offLoopback: string[] = [];
      const sentOperations: unknown[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (/^(https?|wss?):$/.test(url.protocol) && url.hostname !== '127.0.0.1')
          offLoopback.push(request.url());
        if (request.method() === 'POST' && url.href === harness.url) {
          sentOperations.push((request.postDataJSON() as { operationName?: unknown }).operationName);
        }
      });

      await page.goto(harness.url, { timeout: PAGE_LOAD_MS });
      // React renders the tab bar after the page's load event; all tabs appear in the same render.
      await page.locator('.graphiql-tab-active > .graphiql-tab-button').waitFor();
      const titles = await page.locator('.graphiql-tab-button').allTextContents();
      expect(titles).toEqual(tabs.map((tab) => tab.title));

      // From the second tab round to the first, so that every run follows a switch from another tab.
      for (const tab of [...tabs.slice(1), ...tabs.slice(0, 1)]) {
        const { title } = tab;
        const expectation = EXPECTED[title];
        if (!expectation) throw new Error(`no expectation for the GraphiQL tab ${title}`);
        const expected = expectation(tab, harness);
        const before = harness.simulator.control.counts()[expected.calls];
        try {
          // Keyboard, not a click: GraphiQL's tabs keep a stale drag offset that CSS hides until the tab has
          // focus, so on mousedown the tab jumps away from under the pointer and the click never lands.
          await page.locator(`.graphiql-tab-button[title="${title}"]`).press('Enter');
          await page.locator(`.graphiql-tab-active > .graphiql-tab-button[title="${title}"]`).waitFor();
          await waitUntilGraphiQLHasParsed(page, tab.query);
          // A tab not yet run has an empty result pane: what appears after the run is this run's result.
          await page
            .locator('.graphiql-response .view-lines')
            .filter({ hasNotText: /"(data|errors)"/ })
            .waitFor({ state: 'attached' });
          const sentBefore = sentOperations.length;
          await page.locator('.graphiql-execute-button').click();
          await page
            .locator('.graphiql-response .view-lines')
            .filter({ hasText: /"(data|errors)"/ })
            .waitFor();

          const result = await visibleText(page, '.graphiql-response');
          expect(result, `tab ${title}: the result pane shows errors`).not.toContain('"errors"');
          for (const value of expected.shows) expect(result, `tab ${title}`).toContain(value);
          expect(sentOperations.slice(sentBefore), `tab ${title}: the operations sent`).toEqual([title]);
          expect(harness.simulator.control.counts()[expected.calls]).toBeGreaterThan(before);
          const position = tabs.indexOf(tab) + 1;
          await page.screenshot({ path: `${SCREENSHOTS}${position}-${title}.png` });
        } catch (error) {
          await page.screenshot({ path: `${SCREENSHOTS}failed-${title}.png` }).catch(() => undefined);
          throw error;
        }
      }

      expect(pageErrors).toEqual([]);
      // GraphiQL is served from the package, so the page never reaches beyond the server itself.
      expect(offLoopback).toEqual([]);
      await page.close();
    },
    PAGE_LOAD_MS + 60_000,
  );
});
