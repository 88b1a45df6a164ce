import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../../clock.js';
import type { IpLock } from '../auth/ip-lock.js';
import type { TokenStore } from '../auth/token-store.js';
import type { SimulatorCredentials } from '../credentials.js';
import type { SeededDataset } from '../dataset/dataset.js';
import type { Reply } from '../http/reply.js';

/** Everything the endpoint handlers share: one instance per running simulator. */
export interface HandlerContext {
  clock: Clock;
  credentials: SimulatorCredentials;
  dataset: SeededDataset;
  tokens: TokenStore;
  ipLock: IpLock;
  timezone: string;
}

/** A request as handlers see it: the body already read in full, exactly as sent. */
export interface EndpointRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  remoteAddress: string;
}

/** Handlers are synchronous and pure apart from the context; faults and latency are the server's job. */
export type EndpointHandler = (request: EndpointRequest) => Reply;

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
