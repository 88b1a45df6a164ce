import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { MetricsSource } from './metrics-source.js';

/**
 * /metrics under node:cluster (WEB_CONCURRENCY > 1): each worker counts in its own registry, and the
 * primary sums them (prom-client's AggregatorRegistry, over the cluster's IPC channel). A scrape can
 * reach any worker, so a worker's /metrics asks the primary for the sum rather than answering its share.
 */
const REQUEST = 'cec-graphql:metrics-request';
const REPLY = 'cec-graphql:metrics-reply';
const REPLY_TIMEOUT_MS = 5_000;

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}
interface MetricsReply {
  type: typeof REPLY;
  id: number;
  text?: string;
  error?: string;
}

const isMessage = <T extends { type: string }>(message: unknown, type: T['type']): message is T =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;

/** In the primary: the workers' families summed, for METRICS_PORT and for the workers' own /metrics. */
export function primaryMetricsSource(): MetricsSource {
  const aggregator = new AggregatorRegistry();
  const source: MetricsSource = {
    contentType: aggregator.contentType,
    read: () => aggregator.clusterMetrics(),
  };
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isMessage<MetricsRequest>(message, REQUEST)) return;
    const reply = (fields: Partial<MetricsReply>) => {
      if (worker.isConnected()) worker.send({ type: REPLY, id: message.id, ...fields });
    };
    source.read().then(
      (text) => reply({ text }),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
  return source;
}

/** In a worker: answers the primary's requests with `registry`, and reads the sum from the primary. */
export function workerMetricsSource(registry: Registry): MetricsSource {
  // Constructing one installs prom-client's listener that sends this worker's families to the primary.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  const pending = new Map<number, (reply: MetricsReply) => void>();
  let next = 0;
  process.on('message', (message: unknown) => {
    if (isMessage<MetricsReply>(message, REPLY)) pending.get(message.id)?.(message);
  });
  return {
    contentType: registry.contentType,
    read: () =>
      new Promise<string>((resolve, reject) => {
        const id = next++;
        const timer = setTimeout(
          () => settle({ type: REPLY, id, error: 'the primary did not answer' }),
          REPLY_TIMEOUT_MS,
        );
        const settle = (reply: MetricsReply) => {
          clearTimeout(timer);
          pending.delete(id);
          if (reply.text !== undefined) resolve(reply.text);
          else reject(new Error(`cluster metrics: ${reply.error ?? 'no answer'}`));
        };
        pending.set(id, settle);
        process.send?.({ type: REQUEST, id } satisfies MetricsRequest);
      }),
  };
}
