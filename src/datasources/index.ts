import { createCmsSigner } from '../auth/cms-signer.js';
import { createTokenProvider } from '../auth/token-provider.js';
import type { Clock } from '../clock.js';
import type { Config, UpstreamConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { createApiAccessClient } from '../transport/api-access-client.js';
import { createCmsClient } from '../transport/cms-client.js';
import type { ResilienceOptions } from '../transport/resilience.js';
import { createUpstreamTransport, type UpstreamTransport } from '../transport/upstream-transport.js';
import { createAccessCodeSource } from './access-codes.js';
import { createAnonymousCallSource } from './anonymous-calls.js';
import { createCallRecordSource } from './call-records.js';
import { createCalledInfoSource } from './called-info.js';
import type { Datasources } from './domain.js';
import { createSoftphoneSource } from './softphones.js';

export type { BreakerEvent, ResilienceOptions, RetryEvent } from '../transport/resilience.js';
export { defaultResilience } from '../transport/resilience.js';
export { CallRecordWindowError, callRecordWindow } from './call-record-window.js';
export { createLoaders, type Loaders } from './loaders.js';
export { type UpstreamEndpoint, UpstreamError, type UpstreamErrorCode } from './upstream-error.js';

export interface UpstreamOptions {
  upstream: UpstreamConfig;
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Overrides of the retry/breaker defaults (tests make delays tiny). */
  resilience?: Partial<ResilienceOptions>;
}

export interface Upstream {
  datasources: Datasources;
  /** Closes the connection pools; call once at shutdown. */
  close(): Promise<void>;
}

/** The process-wide upstream client: one transport, one token provider, one signer, five datasources. */
export function createUpstream(options: UpstreamOptions): Upstream {
  const transport = createUpstreamTransport({
    settings: options.config.transport,
    logger: options.logger,
    clock: options.clock,
    resilience: options.resilience,
  });
  return {
    datasources: createDatasources({ ...options, transport }),
    close: () => transport.close(),
  };
}

/** Wires the datasources over a given transport (tests pass a recording one). */
export function createDatasources(options: {
  upstream: UpstreamConfig;
  config: Config;
  logger: Logger;
  clock: Clock;
  transport: Pick<UpstreamTransport, 'send'>;
}): Datasources {
  const { upstream, config, logger, clock, transport } = options;
  const tokens = createTokenProvider({
    baseUrl: upstream.cec.baseUrl,
    appKey: upstream.cec.appKey,
    appSecret: upstream.cec.appSecret,
    ttlSeconds: config.auth.tokenTtlSeconds,
    transport,
    clock,
    logger,
  });
  const apiAccess = createApiAccessClient({ baseUrl: upstream.cec.baseUrl, tokens, transport, clock });
  const signer = createCmsSigner(
    { accessKey: upstream.cms.accessKey, secretKey: upstream.cms.secretKey },
    clock,
  );
  const cms = createCmsClient({ baseUrl: upstream.cms.baseUrl, signer, transport });
  return {
    accessCodes: createAccessCodeSource(apiAccess),
    softphones: createSoftphoneSource(apiAccess),
    calledInfo: createCalledInfoSource(apiAccess),
    anonymousCalls: createAnonymousCallSource(apiAccess),
    callRecords: createCallRecordSource({ client: cms, clock, timeZone: config.callRecords.timezone }),
  };
}
