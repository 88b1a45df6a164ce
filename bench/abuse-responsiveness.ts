/**
 * Responsiveness under abuse. Builds the server and starts it as deployed (`node dist/main.js`: open mode
 * on loopback, embedded simulator) in its own process, times `{ __typename }` on one connection alone, then
 * while several other connections send the abusive documents of the security review in a loop. Prints
 * p50/p99/max, their ratios to the baseline, how every abusive request was answered, and whether p99 under
 * abuse is below 50 ms (a printed figure, not an exit code); writes bench/results-abuse.json. The timing
 * runs in a child process of its own, so the abusers' work in this process is not in its figures. Exits non-zero only on a wrong answer: a `{ __typename }` body other
 * than the expected one, an abusive answer with data or without an error code, or a vendor call.
 * Run: npm run bench:abuse
 * Optional: BENCH_BASELINE_REQUESTS (500), BENCH_ABUSE_CONNECTIONS (4), BENCH_ABUSE_SECONDS (15),
 * BENCH_EACH_SECONDS (0: when set, also that many seconds of each document alone, to tell which one hurts).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client, request } from 'undici';
import { cpuSeconds, machineBusySeconds, rssMb } from './support/processes.js';

const TARGET_P99_MS = 50;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = fileURLToPath(new URL('results-abuse.json', import.meta.url));
const TYPENAME_BODY = JSON.stringify({ query: '{ __typename }' });
const TYPENAME_ANSWER = '{"data":{"__typename":"Query"}}';
// graphql-response+json, so a refusal shows as its 4xx status rather than 200.
const HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const MEASURER = '--measurer';

function integerSetting(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}`);
  return value;
}

function summary(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const round = (ms: number | undefined) => (ms === undefined ? Number.NaN : Math.round(ms * 100) / 100);
  return { requests: sorted.length, p50: round(at(50)), p99: round(at(99)), max: round(sorted.at(-1)) };
}
type Summary = ReturnType<typeof summary>;

interface Abuse {
  name: string;
  bytes: number;
  /** The body of the n-th request of this document. */
  body: (n: number) => Buffer;
}

/** The documents of the security review, written compactly as measured there (66 KB, 1.1 MB). */
function abusiveDocuments(): Abuse[] {
  const many = (n: number, selection: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => selection(i)).join(' ');
  const copies = (n: number) => `{ ${many(n, () => 'accessCodes(first:1){totalCount}')} }`;
  const typenames = `{ ${many(100_000, () => '__typename')} }`;
  const documents: Array<[string, string, boolean]> = [
    ['2 000 × accessCodes(first: 1)', copies(2_000), false],
    ['2 000 copies, new comment each', copies(2_000), true],
    ['5 000 × accessCodes(first: 1)', copies(5_000), false],
    ['100 000 × __typename', typenames, false],
    ['100 000 __typename, comment each', typenames, true],
    [
      '5 000 aliased calledInfo',
      `{ ${many(5_000, (i) => `c${i}: calledInfo(caller: "13800000000", called: "9911411") { deviceType }`)} }`,
      false,
    ],
    [
      '10 × accessCodes(200) + routing',
      `{ ${many(10, (i) => `a${i}: accessCodes(first: 200) { edges { node { accessCode routing(caller: "13800000000") { deviceType } } } }`)} }`,
      false,
    ],
    [
      '100 × createAnonymousCall',
      `mutation { ${many(100, (i) => `c${i}: createAnonymousCall(input: {called: "88884432"}) { __typename }`)} }`,
      false,
    ],
    [
      'introspection 2 000 deep',
      `{ __schema { types { fields { type ${'{ ofType '.repeat(2_000)}{ name }${' }'.repeat(2_000)} } } } }`,
      false,
    ],
  ];
  return documents.map(([name, query, commented]) => {
    // Encoded once; a new comment (which defeats the server's document cache) costs one copy.
    const tail = Buffer.from(`${JSON.stringify(query).slice(1, -1)}"}`);
    const plain = Buffer.concat([Buffer.from('{"query":"'), tail]);
    const body = commented
      ? (n: number) => Buffer.concat([Buffer.from(`{"query":"# ${n}\\n`), tail])
      : () => plain;
    return { name, bytes: plain.byteLength, body };
  });
}

interface Server {
  child: ChildProcess;
  url: string;
  simulatorUrl: string;
  /** Log lines the server wrote, by `msg`. */
  logged: Map<string, number>;
}

/** Starts `node dist/main.js` on a free port with the embedded simulator; its JSON log names both URLs. */
async function startServer(): Promise<Server> {
  // Without tenant or client-auth settings: open mode on loopback against the embedded simulator.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(AUTH_|CEC_|CMS_)/.test(key) && key !== 'NODE_ENV'),
  );
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: { ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logged = new Map<string, number>();
  return await new Promise<Server>((resolve, reject) => {
    let host = '127.0.0.1';
    let simulatorUrl: string | undefined;
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error('the server did not log its port within 15 s')), 15_000);
    child.once('exit', (code) => fail(new Error(`the server exited during start-up (code ${code})`)));
    // Every line is read, also after start-up, so a full pipe never stalls the server.
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logged.set(String(record.msg), (logged.get(String(record.msg)) ?? 0) + 1);
      if (typeof record.host === 'string') host = record.host;
      if (typeof record.simulatorUrl === 'string') simulatorUrl = record.simulatorUrl;
      if (typeof record.port === 'number' && simulatorUrl !== undefined) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, url: `http://${host}:${record.port}`, simulatorUrl, logged });
      }
    });
  });
}

/** SIGTERM, then the exit code or signal (SIGKILL after 5 s). */
async function stop(child: ChildProcess): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode;
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** CPU seconds and resident MB of a process (NaN without one, or off Linux). */
function processUsage(pid: number | undefined): { cpuSeconds: number; rssMb: number } {
  if (pid === undefined) return { cpuSeconds: Number.NaN, rssMb: Number.NaN };
  return { cpuSeconds: cpuSeconds(pid), rssMb: rssMb(pid) };
}

async function vendorCalls(simulatorUrl: string): Promise<Record<string, number>> {
  const res = await request(new URL('/__simulator/counts', simulatorUrl));
  return ((await res.body.json()) as { counts: Record<string, number> }).counts;
}

type MeasurerMessage = { kind: 'measure'; count?: number } | { kind: 'stop' };
interface Measured {
  samples: number[];
  wrong: string[];
}

/** The child process: `{ __typename }` one after another on one connection, as the parent asks. */
function runMeasurer(url: string): void {
  const client = new Client(url, { pipelining: 1 });
  let stopped = false;
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (message: MeasurerMessage) => {
    if (message.kind === 'stop') {
      stopped = true;
      return;
    }
    stopped = false;
    const result: Measured = { samples: [], wrong: [] };
    while (!stopped && (message.count === undefined || result.samples.length < message.count)) {
      const t0 = performance.now();
      const res = await client.request({
        method: 'POST',
        path: '/graphql',
        headers: HEADERS,
        body: TYPENAME_BODY,
      });
      const text = await res.body.text();
      result.samples.push(performance.now() - t0);
      if (res.statusCode !== 200 || text !== TYPENAME_ANSWER) result.wrong.push(`${res.statusCode} ${text}`);
    }
    process.send?.(result);
  });
  process.send?.({ samples: [], wrong: [] } satisfies Measured);
}

/** The measurer child (this file again, with the loader this process runs under) and a way to ask it. */
async function startMeasurer(url: string) {
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), MEASURER, url],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const next = () =>
    new Promise<Measured>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the measurer exited (code ${code})`));
      child.once('exit', exited);
      child.once('message', (message) => {
        child.off('exit', exited);
        resolve(message as Measured);
      });
    });
  await next();
  const send = (message: MeasurerMessage) => child.send(message);
  return {
    child,
    measure: (count?: number) => {
      const reply = next();
      send(count === undefined ? { kind: 'measure' } : { kind: 'measure', count });
      return reply;
    },
    stop: () => send({ kind: 'stop' }),
  };
}
type Measurer = Awaited<ReturnType<typeof startMeasurer>>;

interface Answers {
  sent: number;
  latencies: number[];
  /** `status code+code` or `transport error ...`, counted. */
  answers: Map<string, number>;
  codes: number;
  /** Answers that carried data, no error, or an error without a code. */
  wrong: string[];
}
const noAnswers = (): Answers => ({ sent: 0, latencies: [], answers: new Map(), codes: 0, wrong: [] });

async function abuse(client: Client, document: Abuse, n: number, into: Answers): Promise<void> {
  const t0 = performance.now();
  let answer: string;
  try {
    const res = await client.request({
      method: 'POST',
      path: '/graphql',
      headers: HEADERS,
      body: document.body(n),
    });
    const text = await res.body.text();
    const body = JSON.parse(text) as { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> };
    const codes = (body.errors ?? []).map((error) => error.extensions?.code);
    answer = `${res.statusCode} ${codes.join('+')}`;
    into.codes += codes.length;
    if ('data' in body || codes.length === 0 || codes.some((code) => typeof code !== 'string'))
      into.wrong.push(`${document.name}: ${res.statusCode} ${text.slice(0, 300)}`);
  } catch (error) {
    answer = `transport error ${(error as { code?: string }).code ?? String(error)}`;
    into.wrong.push(`${document.name}: ${answer}`);
  }
  into.sent += 1;
  into.latencies.push(performance.now() - t0);
  into.answers.set(answer, (into.answers.get(answer) ?? 0) + 1);
}

/** `connections` clients send `documents` round-robin for `seconds` while the measurer times. */
async function abusePhase(
  server: Server,
  measurer: Measurer,
  clients: Client[],
  documents: Abuse[],
  seconds: number,
) {
  const results = documents.map(noAnswers);
  const ownCpu = process.cpuUsage();
  const serverBefore = processUsage(server.child.pid);
  const machineBefore = machineBusySeconds();
  const started = performance.now();
  const until = started + seconds * 1000;
  const measured = measurer.measure();
  let sequence = 0;
  await Promise.all(
    clients.map(async (client, worker) => {
      // Each connection starts at another document, so the mix is spread from the first request.
      for (let k = worker; performance.now() < until; k += 1) {
        const i = k % documents.length;
        const [document, into] = [documents[i], results[i]];
        if (document && into) await abuse(client, document, sequence++, into);
      }
    }),
  );
  measurer.stop();
  const typename = await measured;
  const elapsed = (performance.now() - started) / 1000;
  const own = process.cpuUsage(ownCpu);
  const serverAfter = processUsage(server.child.pid);
  const machine = (machineBusySeconds() - machineBefore) / elapsed;
  return {
    seconds: elapsed,
    typename: summary(typename.samples),
    wrongTypename: typename.wrong,
    documents: documents.map((document, i) => ({ document, answers: results[i] ?? noAnswers() })),
    cores: {
      server: (serverAfter.cpuSeconds - serverBefore.cpuSeconds) / elapsed,
      abusers: (own.user + own.system) / 1e6 / elapsed,
      machine,
    },
    serverRssMb: serverAfter.rssMb,
  };
}
type Phase = Awaited<ReturnType<typeof abusePhase>>;

const ms = (value: number) => `${value.toFixed(2).padStart(7)} ms`;
const size = (bytes: number) =>
  bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} KB`;
const row = (label: string, s: Summary, base: Summary, note = '') =>
  `  ${label.padEnd(36)} ${String(s.requests).padStart(6)} ${ms(s.p50)} ${ms(s.p99)} ${ms(s.max)}` +
  `  p99 ×${(s.p99 / base.p99).toFixed(1)}${note}`;

interface Run {
  server: Server;
  connections: number;
  eachSeconds: number;
  alone: Measured;
  mixed: Phase;
  each: Phase[];
  warm: Answers;
  callsBefore: Record<string, number>;
  callsAfter: Record<string, number>;
  rssBefore: number;
}

/** The printed lines and the JSON of a run; `failed` when an answer was wrong. */
function report(run: Run) {
  const { mixed, each } = run;
  const base = summary(run.alone.samples);
  const phases = [mixed, ...each];
  const answered = [run.warm, ...phases.flatMap((phase) => phase.documents.map((d) => d.answers))];
  const sent = answered.reduce((sum, a) => sum + a.sent, 0);
  const codes = answered.reduce((sum, a) => sum + a.codes, 0);
  const wrongAbuse = answered.flatMap((a) => a.wrong);
  const wrongTypename = [...run.alone.wrong, ...phases.flatMap((phase) => phase.wrongTypename)];
  const vendorCalls = Object.entries(run.callsAfter).filter(([e, n]) => n !== (run.callsBefore[e] ?? 0));
  const refusalsLogged = run.server.logged.get('operation refused by a limit') ?? 0;
  const below = mixed.typename.p99 < TARGET_P99_MS;
  const ratio = (key: 'p50' | 'p99' | 'max') => (mixed.typename[key] / base[key]).toFixed(2);
  const cpu = cpus();
  const lines = [
    `abuse responsiveness: node dist/main.js (embedded simulator) at ${run.server.url}, ` +
      `${cpu.length} CPUs (${cpu[0]?.model ?? '?'}), node ${process.version}`,
    `{ __typename }, sequential on its own connection     requests       p50        p99        max`,
    row('alone', base, base),
    row(`under abuse (${run.connections} connections, ${mixed.seconds.toFixed(1)} s)`, mixed.typename, base),
    `  ratio under abuse / alone: p50 ×${ratio('p50')}, p99 ×${ratio('p99')}, max ×${ratio('max')}`,
    `  CPU cores busy under abuse: server ${mixed.cores.server.toFixed(2)}, abusing client ` +
      `${mixed.cores.abusers.toFixed(2)}, whole machine ${mixed.cores.machine.toFixed(2)} of ${cpus().length}; server RSS ${run.rssBefore.toFixed(0)} MB before, ` +
      `${mixed.serverRssMb.toFixed(0)} MB after`,
    `abusive requests, all documents round-robin: ${mixed.documents.reduce((n, d) => n + d.answers.sent, 0)}`,
    `  document                                body   sent   each p50   answers (status extensions.code)`,
    ...mixed.documents.map(({ document, answers }) => {
      const counted = [...answers.answers].map(([answer, n]) => `${n} × ${answer}`).join(', ');
      return (
        `  ${document.name.padEnd(34)} ${size(document.bytes).padStart(8)} ${String(answers.sent).padStart(6)}` +
        ` ${ms(summary(answers.latencies).p50)}   ${counted}`
      );
    }),
    ...(each.length > 0
      ? [`{ __typename } while ${run.connections} connections send one document (${run.eachSeconds} s each)`]
      : []),
    ...each.map((phase) => {
      const only = phase.documents[0];
      const note = `, ${only?.answers.sent} sent, server RSS ${phase.serverRssMb.toFixed(0)} MB`;
      return row(only?.document.name ?? '?', phase.typename, base, note);
    }),
    `checks: { __typename } answers ${wrongTypename.length === 0 ? `all ${TYPENAME_ANSWER}` : `${wrongTypename.length} WRONG`}; ` +
      `${sent} abusive answers ${wrongAbuse.length === 0 ? 'all refused with a code, no data' : `${wrongAbuse.length} WRONG`}; ` +
      `vendor calls: ${vendorCalls.length === 0 ? 'none' : JSON.stringify(Object.fromEntries(vendorCalls))}; ` +
      `${refusalsLogged} refusals logged for ${codes} codes answered`,
    ...[...wrongTypename, ...wrongAbuse].slice(0, 5).map((wrong) => `  wrong: ${wrong.slice(0, 300)}`),
    `p99 of { __typename } under abuse: ${mixed.typename.p99.toFixed(2)} ms, ` +
      `${below ? 'below' : 'NOT below'} the ${TARGET_P99_MS} ms target`,
  ];
  const phaseJson = (phase: Phase) => ({
    seconds: phase.seconds,
    typename: phase.typename,
    p99Ratio: phase.typename.p99 / base.p99,
    cores: phase.cores,
    serverRssMb: phase.serverRssMb,
    documents: phase.documents.map(({ document, answers }) => ({
      name: document.name,
      bytes: document.bytes,
      sent: answers.sent,
      latency: summary(answers.latencies),
      answers: Object.fromEntries(answers.answers),
    })),
  });
  const json = {
    at: new Date().toISOString(),
    machine: { cpus: cpu.length, model: cpu[0]?.model, node: process.version },
    targetP99Ms: TARGET_P99_MS,
    p99UnderAbuseBelowTarget: below,
    alone: base,
    underAbuse: phaseJson(mixed),
    eachDocument: each.map(phaseJson),
    serverRssMbBefore: run.rssBefore,
    checks: {
      wrongTypename: wrongTypename.length,
      wrongAbuse: wrongAbuse.length,
      vendorCallsBefore: run.callsBefore,
      vendorCallsAfter: run.callsAfter,
      refusalsLogged,
      codes,
    },
  };
  return { lines, json, failed: wrongTypename.length + wrongAbuse.length + vendorCalls.length > 0 };
}

async function main(): Promise<void> {
  const baselineRequests = integerSetting('BENCH_BASELINE_REQUESTS', 500, 1);
  const connections = integerSetting('BENCH_ABUSE_CONNECTIONS', 4, 1);
  const abuseSeconds = integerSetting('BENCH_ABUSE_SECONDS', 15, 1);
  const eachSeconds = integerSetting('BENCH_EACH_SECONDS', 0, 0);
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (${build.status ?? build.signal})`);
  const documents = abusiveDocuments();
  const server = await startServer();
  const clients = Array.from({ length: connections }, () => new Client(server.url, { pipelining: 1 }));
  let measurer: Measurer | undefined;
  try {
    measurer = await startMeasurer(server.url);
    // Untimed warm-up: `{ __typename }`, then each document once (which must be refused).
    await measurer.measure(50);
    const warm = noAnswers();
    for (const [i, document] of documents.entries())
      await abuse(clients[0] as Client, document, -1 - i, warm);
    if (warm.wrong.length > 0) throw new Error(`warm-up: ${warm.wrong.join('; ')}`);
    const callsBefore = await vendorCalls(server.simulatorUrl);
    const rssBefore = processUsage(server.child.pid).rssMb;

    const alone = await measurer.measure(baselineRequests);
    const mixed = await abusePhase(server, measurer, clients, documents, abuseSeconds);
    const each: Phase[] = [];
    for (const document of eachSeconds > 0 ? documents : []) {
      each.push(await abusePhase(server, measurer, clients, [document], eachSeconds));
    }
    const callsAfter = await vendorCalls(server.simulatorUrl);
    const run = {
      server,
      connections,
      eachSeconds,
      alone,
      mixed,
      each,
      warm,
      callsBefore,
      callsAfter,
      rssBefore,
    };
    const { lines, json, failed } = report(run);
    process.stdout.write(lines.map((text) => `${text}\n`).join(''));
    const serverExit = await stop(server.child);
    process.stdout.write(`server stopped by SIGTERM: exit ${serverExit}\n`);
    const settings = { baselineRequests, connections, abuseSeconds, eachSeconds };
    writeFileSync(RESULTS, `${JSON.stringify({ ...json, settings, serverExit }, null, 2)}\n`);
    process.stdout.write(`wrote ${RESULTS}\n`);
    if (failed || serverExit !== 0) process.exitCode = 1;
  } finally {
    await Promise.all(clients.map((client) => client.destroy()));
    if (measurer) await stop(measurer.child);
    await stop(server.child);
  }
}

if (process.argv[2] === MEASURER) {
  runMeasurer(process.argv[3] ?? '');
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
