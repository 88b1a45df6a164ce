import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSamples, sampleValue } from '../support/prometheus-text.js';
import { freePort, startServerProcess as startServer } from '../support/server-process.js';

/** Resolves with the first stdout line that matches, collecting every line seen. */
function waitForLine(child: ChildProcess, pattern: RegExp, seen: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      seen.push(line);
      if (pattern.test(line)) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${seen.join('\n')}`)));
  });
}

let child: ChildProcess | null = null;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
});

describe('the process’s observability', () => {
  it('serves /metrics on METRICS_PORT only, and keeps the simulatorUrl start-up line', async () => {
    const metricsPort = await freePort();
    child = startServer({ PORT: '0', METRICS_PORT: String(metricsPort) });
    const seen: string[] = [];
    const started = JSON.parse(await waitForLine(child, /Prometheus metrics at/, seen)) as Record<
      string,
      unknown
    >;
    expect(started.metricsUrl).toBe(`http://127.0.0.1:${metricsPort}/metrics`);
    const records = seen.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.find((r) => typeof r.simulatorUrl === 'string')?.simulatorUrl).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+$/,
    );
    const port = records.find((r) => /GraphQL endpoint/.test(String(r.msg)))?.port;

    const answer = await request(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'e2e-1' },
      body: JSON.stringify({ query: 'query Count { softphones(first: 1) { totalCount } }' }),
    });
    expect(answer.headers['x-request-id']).toBe('e2e-1');
    await answer.body.dump();

    const scraped = await request(String(started.metricsUrl));
    expect(scraped.statusCode).toBe(200);
    const samples = parseSamples(await scraped.body.text());
    const labels = { operation_name: 'Count', operation_type: 'query', outcome: 'success' };
    expect(sampleValue(samples, 'cec_graphql_operations_total', labels)).toBe(1);
    expect(
      sampleValue(samples, 'cec_graphql_upstream_calls_total', { endpoint: 'queryPhone', outcome: '2xx' }),
    ).toBe(1);

    const onMain = await request(`http://127.0.0.1:${port}/metrics`);
    await onMain.body.dump();
    expect(onMain.statusCode).toBe(404);

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);
  });

  it('writes human-readable lines with LOG_FORMAT=pretty', async () => {
    child = startServer({ PORT: '0', LOG_FORMAT: 'pretty' });
    const seen: string[] = [];
    const line = await waitForLine(child, /GraphQL endpoint/, seen);
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/INFO/);
    expect(seen.join('\n')).toMatch(/simulatorUrl: "http:\/\/127\.0\.0\.1:\d+"/);
  });
});
