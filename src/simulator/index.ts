import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../clock.js';
import { assertTimeZone } from '../time-zone.js';
import { IpLock } from './auth/ip-lock.js';
import { TokenStore } from './auth/token-store.js';
import { ControlState, type SimulatorControl } from './control/control.js';
import { DEMO_CREDENTIALS, type SimulatorCredentials } from './credentials.js';
import { SeededDataset, type SimulatorDataset } from './dataset/dataset.js';
import type { EndpointName } from './endpoints.js';
import { accessCodesHandler } from './handlers/access-codes.js';
import { calledInfoHandler } from './handlers/called-info.js';
import type { EndpointHandler, HandlerContext } from './handlers/context.js';
import { createCallHandler } from './handlers/create-call.js';
import { queryCallsHandler } from './handlers/query-calls.js';
import { queryPhoneHandler } from './handlers/query-phone.js';
import { tokenHandler } from './handlers/token.js';
import { createSimulatorServer } from './server.js';
import { AdjustableClock } from './simulator-clock.js';

export type { EndpointCounts, FaultSpec, RequestLogEntry, SimulatorControl } from './control/control.js';
export { ClockNotAdjustableError } from './control/control.js';
export type {
  AccessCodeItem,
  CalledRoute,
  CallRecordItem,
  CallRecordQuery,
  RegistrationServers,
  SimulatorDataset,
  SoftphoneItem,
} from './dataset/dataset.js';
export { ENDPOINT_NAMES, ENDPOINT_PATHS, type EndpointName } from './endpoints.js';
export type { QueryWindow } from './time-window.js';
export { DEMO_CREDENTIALS, type SimulatorCredentials };

/** The seed used when none is given: the same data set on every run. */
export const DEFAULT_SEED = 20_240_131;

export interface SimulatorOptions {
  credentials?: SimulatorCredentials;
  /** Default: the system clock, adjustable through PUT /__simulator/clock. All data times and expiries follow it. */
  clock?: Clock;
  host?: string;
  /** 0 = an ephemeral port. */
  port?: number;
  seed?: number;
  /** IANA zone of the querycalls day window and of the call data's days. */
  timezone?: string;
}

export interface RunningSimulator {
  /** Base URL of both the /apiaccess + tokenByAkSk host and the CC-CMS host. */
  url: string;
  credentials: SimulatorCredentials;
  dataset: SimulatorDataset;
  control: SimulatorControl;
  /** Closes the server and every keep-alive socket. */
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const timezone = options.timezone ?? 'UTC';
  assertTimeZone(timezone);
  const adjustableClock = options.clock ? null : new AdjustableClock(systemClock);
  const clock: Clock = options.clock ?? (adjustableClock as AdjustableClock);
  const credentials = options.credentials ?? DEMO_CREDENTIALS;
  const tokens = new TokenStore(clock);
  const ipLock = new IpLock(clock);
  const dataset = new SeededDataset({ seed: options.seed ?? DEFAULT_SEED, clock, timezone });
  const context: HandlerContext = { clock, credentials, dataset, tokens, ipLock, timezone };
  const control = new ControlState({ clock, adjustableClock, tokens, ipLock });
  const handlers: Record<EndpointName, EndpointHandler> = {
    tokenByAkSk: tokenHandler(context),
    queryAccessCodeList: accessCodesHandler(context),
    queryPhone: queryPhoneHandler(context),
    getCalledInfo: calledInfoHandler(context),
    createcall: createCallHandler(context),
    querycalls: queryCallsHandler(context),
  };
  const { server, cancelTimers } = createSimulatorServer({ context, control, handlers });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    credentials,
    dataset,
    control,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        cancelTimers();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
export { upstreamConfigFor } from './upstream-config.js';
