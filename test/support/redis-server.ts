/**
 * A real redis-server on a free loopback port, without persistence, for tests and benchmarks (Debian's
 * package; scripts/ensure-redis.sh installs it). `stop()` ends it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { freePort } from './server-process.js';

export interface RunningRedis {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const READY_WITHIN_MS = 10_000;

export async function startRedisServer(): Promise<RunningRedis> {
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  server.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const failed = new Promise<never>((_, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'ENOENT'
            ? 'redis-server is not installed: run `bash scripts/ensure-redis.sh` (npm test does, as pretest)'
            : `redis-server did not start: ${error.message}`,
        ),
      ),
    );
    server.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${output.join('')}`)));
  });
  failed.catch(() => {});
  try {
    await Promise.race([waitForPong(port), failed]);
  } catch (error) {
    await stop(server);
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop: () => stop(server) };
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = once(server, 'exit');
  server.kill('SIGTERM');
  await exited;
}

/** PINGs until the server answers +PONG (each try on a new connection), within READY_WITHIN_MS. */
async function waitForPong(port: number): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  for (let delayMs = 10; Date.now() < deadline; delayMs = Math.min(delayMs * 2, 200)) {
    if (await pongs(port)) return;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${READY_WITHIN_MS} ms`);
}

function pongs(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (chunk: Buffer) => done(chunk.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}
