import { createServer, type Server, Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a real Redis that can stop passing replies on (`stall`) and pass them
 * on again (`resume`), so a test sees Redis become slow without touching the Redis other tests share.
 * Stalled replies are held back, not dropped: the client's replies stay in order.
 */
export interface RedisProxy {
  url: string;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startRedisProxy(redisUrl: string): Promise<RedisProxy> {
  const target = new URL(redisUrl);
  const links = new Set<{ upstream: Socket; client: Socket; held: Buffer[] }>();
  let stalled = false;
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    const link = { upstream, client, held: [] as Buffer[] };
    links.add(link);
    upstream.connect(Number(target.port), target.hostname);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (stalled) link.held.push(chunk);
      else client.write(chunk);
    });
    const end = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
      for (const link of links) for (const chunk of link.held.splice(0)) link.client.write(chunk);
    },
    async close() {
      for (const link of links) link.upstream.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
