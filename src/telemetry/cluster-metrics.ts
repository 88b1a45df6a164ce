import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, Registry } from 'prom-client';
import type { MetricsSource } from './metrics-source.js';

/**
 * /metrics under node:cluster (WEB_CONCURRENCY > 1): each worker counts in its own registry, and the
 * primary sums the serving workers' families over the cluster's IPC channel (prom-client's
 * AggregatorRegistry.aggregate; a family's `aggregator` says how). A scrape can reach any worker, so a
 * worker's /metrics asks the primary for the sum rather than answering its own share. A replaced
 * worker's counts leave the sum with it: Prometheus reads the drop as a counter reset.
 */
const COLLECT = 'cec-graphql:metrics-collect';
const PART = 'cec-graphql:metrics-part';
const REQUEST = 'cec-graphql:metrics-request';
const REPLY = 'cec-graphql:metrics-reply';
/** How long the primary waits for the workers' parts. */
const COLLECT_TIMEOUT_MS = 3_000;
/** Longer than the primary's own wait, so that its error (which worker) is the one reported. */
const REPLY_TIMEOUT_MS = COLLECT_TIMEOUT_MS + 2_000;

type Families = MetricObjectWithValues<MetricValue<string>>[];

interface Collect {
  type: typeof COLLECT;
  id: number;
}
interface Part {
  type: typeof PART;
  id: number;
  families?: Families;
  error?: string;
}
interface Request {
  type: typeof REQUEST;
  id: number;
}
interface Reply {
  type: typeof REPLY;
  id: number;
  text?: string;
  error?: string;
}

const isMessage = <T extends { type: string }>(message: unknown, type: T['type']): message is T =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** In the primary: the sum over `serving()` workers, for METRICS_PORT and for the workers' /metrics. */
export function primaryMetricsSource(serving: () => Iterable<Worker>): MetricsSource {
  const contentType = new Registry().contentType;
  /** Collections under way: a part arrived, or a worker that was to send one is gone. */
  const collections = new Map<
    number,
    { part(worker: Worker, part: Part): void; gone(worker: Worker): void }
  >();
  let next = 0;

  const read = () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      const waiting = new Set([...serving()].filter((worker) => worker.isConnected()));
      const parts: Families[] = [];
      const finish = (error?: Error) => {
        clearTimeout(timer);
        collections.delete(id);
        if (error) reject(error);
        else AggregatorRegistry.aggregate(parts).metrics().then(resolve, reject);
      };
      const timer = setTimeout(
        () => finish(new Error(`cluster metrics: ${waiting.size} worker(s) did not answer`)),
        COLLECT_TIMEOUT_MS,
      );
      collections.set(id, {
        part(worker, part) {
          if (!waiting.delete(worker)) return;
          if (part.error !== undefined || !part.families) {
            finish(new Error(`cluster metrics: worker ${worker.id}: ${part.error ?? 'no families'}`));
            return;
          }
          parts.push(part.families);
          if (waiting.size === 0) finish();
        },
        // A worker that dies meanwhile leaves the sum (as it would the next scrape's).
        gone(worker) {
          if (waiting.delete(worker) && waiting.size === 0) finish();
        },
      });
      if (waiting.size === 0) finish();
      for (const worker of waiting) worker.send({ type: COLLECT, id } satisfies Collect);
    });

  cluster.on('message', (worker: Worker, message: unknown) => {
    if (isMessage<Part>(message, PART)) collections.get(message.id)?.part(worker, message);
    if (isMessage<Request>(message, REQUEST)) {
      const reply = (fields: Partial<Reply>) => {
        if (worker.isConnected()) worker.send({ type: REPLY, id: message.id, ...fields });
      };
      read().then(
        (text) => reply({ text }),
        (error: unknown) => reply({ error: messageOf(error) }),
      );
    }
  });
  cluster.on('exit', (worker: Worker) => {
    for (const collection of collections.values()) collection.gone(worker);
  });
  return { contentType, read };
}

/** In a worker: hands `registry`'s families to the primary, and reads the sum from it. */
export function workerMetricsSource(registry: Registry): MetricsSource {
  const pending = new Map<number, (reply: Reply) => void>();
  let next = 0;
  const send = (message: Part | Request) => process.send?.(message);
  process.on('message', (message: unknown) => {
    if (isMessage<Collect>(message, COLLECT)) {
      registry.getMetricsAsJSON().then(
        (families) => send({ type: PART, id: message.id, families }),
        (error: unknown) => send({ type: PART, id: message.id, error: messageOf(error) }),
      );
    }
    if (isMessage<Reply>(message, REPLY)) pending.get(message.id)?.(message);
  });
  return {
    contentType: registry.contentType,
    read: () =>
      new Promise<string>((resolve, reject) => {
        const id = next++;
        const settle = (reply: Reply) => {
          clearTimeout(timer);
          pending.delete(id);
          if (reply.text !== undefined) resolve(reply.text);
          else reject(new Error(reply.error ?? 'cluster metrics: no answer'));
        };
        const timer = setTimeout(
          () => settle({ type: REPLY, id, error: 'cluster metrics: the primary did not answer' }),
          REPLY_TIMEOUT_MS,
        );
        pending.set(id, settle);
        send({ type: REQUEST, id });
      }),
  };
}
