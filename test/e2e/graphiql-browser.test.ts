import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphiqlOptions } from '../../src/graphiql.js';
import type { EndpointName } from '../../src/simulator/index.js';
import { HARNESS_NOW, useHarness } from '../support/harness.js';

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

interface TabExpectation {
  /** What the result pane shows of the simulator's seeded data (at HARNESS_NOW), as GraphiQL prints it. */
  shows: string[];
  /** The vendor interface the operation must reach: the data is the simulator's, not a cache's. */
  calls: EndpointName;
}

/** One entry per tab of src/graphiql.ts, keyed by operation name (the title GraphiQL gives the tab). */
const EXPECTED: Record<string, TabExpectation> = {
  AccessCodes: {
    shows: ['"totalCount": 142', '"accessCode": "9911301"', '"skillName": "Complaints"'],
    calls: 'queryAccessCodeList',
  },
  AccessCode: {
    shows: ['"id": "1124167935465633793"', '"accessCode": "9911411"', '"callDirection": "BOTH"'],
    calls: 'queryAccessCodeList',
  },
  Softphones: {
    shows: ['"totalCount": 320', '"phoneNumber": "88881000"', '"remark": "Seat 001 - Sales floor"'],
    calls: 'queryPhone',
  },
  CalledInfo: { shows: ['"deviceType": "NUMBER"'], calls: 'getCalledInfo' },
  CallRecords: {
    shows: ['"totalCount": 490', '"callId": "1795306000-100965"'],
    calls: 'querycalls',
  },
  CreateAnonymousCall: {
    shows: ['"__typename": "AnonymousCall"', '"sipServerHost": "10.137.203.215"'],
    calls: 'createcall',
  },
};

/** The tab titles, in order, as GraphiQL derives them from each default tab's operation name. */
const TAB_TITLES = (graphiqlOptions(new Date(HARNESS_NOW)).defaultTabs ?? []).map((tab) => {
  const name = /^\s*(?:query|mutation|subscription)\s+(\w+)/m.exec(tab.query ?? '')?.[1];
  if (!name) throw new Error(`a GraphiQL default tab has no named operation:\n${tab.query}`);
  return name;
});

/** Monaco renders only the visible lines, with non-breaking spaces: read what a person sees. */
async function visibleText(page: Page, editor: string): Promise<string> {
  return (await page.locator(`${editor} .view-lines`).innerText()).replace(/\u00a0/g, ' ');
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
    expect(TAB_TITLES.toSorted()).toEqual(Object.keys(EXPECTED).toSorted());
  });

  it('runs every example tab and shows the simulator data in the result pane', async () => {
    if (!browser) throw new Error('the browser did not start');
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(WAIT_MS);
    const pageErrors: string[] = [];
    const offLoopback: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      const { protocol, hostname } = new URL(request.url());
      if (/^(https?|wss?):$/.test(protocol) && hostname !== '127.0.0.1') offLoopback.push(request.url());
    });

    await page.goto(harness.url);
    const titles = await page.locator('.graphiql-tab-button').allTextContents();
    expect(titles).toEqual(TAB_TITLES);

    for (const [index, title] of TAB_TITLES.entries()) {
      const expected = EXPECTED[title];
      if (!expected) throw new Error(`no expectation for the GraphiQL tab ${title}`);
      const before = harness.simulator.control.counts()[expected.calls];
      try {
        // Keyboard, not a click: GraphiQL's tabs keep a stale drag offset that CSS hides until the tab has
        // focus, so on mousedown the tab jumps away from under the pointer and the click never lands.
        await page.locator(`.graphiql-tab-button[title="${title}"]`).press('Enter');
        await page.locator(`.graphiql-tab-active > .graphiql-tab-button[title="${title}"]`).waitFor();
        // The editor shows this tab's operation before it runs, so the run is this tab's.
        await page
          .locator('.graphiql-query-editor .view-lines')
          .filter({ hasText: new RegExp(`(query|mutation)\\s+${title}\\b`) })
          .waitFor();
        // A tab not yet run has an empty result pane: what appears after the run is this run's result.
        await page
          .locator('.graphiql-response .view-lines')
          .filter({ hasNotText: /"(data|errors)"/ })
          .waitFor({ state: 'attached' });
        await page.locator('.graphiql-execute-button').click();
        await page
          .locator('.graphiql-response .view-lines')
          .filter({ hasText: /"(data|errors)"/ })
          .waitFor();

        const result = await visibleText(page, '.graphiql-response');
        expect(result, `tab ${title}: the result pane shows errors`).not.toContain('"errors"');
        for (const value of expected.shows) expect(result, `tab ${title}`).toContain(value);
        expect(harness.simulator.control.counts()[expected.calls]).toBeGreaterThan(before);
        await page.screenshot({ path: `${SCREENSHOTS}${index + 1}-${title}.png` });
      } catch (error) {
        await page.screenshot({ path: `${SCREENSHOTS}failed-${title}.png` }).catch(() => undefined);
        throw error;
      }
    }

    expect(pageErrors).toEqual([]);
    // GraphiQL is served from the package, so the page never reaches beyond the server itself.
    expect(offLoopback).toEqual([]);
    await page.close();
  }, 60_000);
});
