import type { UpstreamConfig } from '../config.js';
import type { SimulatorCredentials } from './credentials.js';

/** Points both upstream hosts and all credentials at a running simulator (it serves both hosts). */
export function upstreamConfigFor(simulator: {
  url: string;
  credentials: SimulatorCredentials;
}): UpstreamConfig {
  const { url, credentials } = simulator;
  return {
    cec: { baseUrl: url, appKey: credentials.appKey, appSecret: credentials.appSecret },
    cms: { baseUrl: url, accessKey: credentials.cmsAccessKey, secretKey: credentials.cmsSecretKey },
  };
}
