import { DEMO_CREDENTIALS, type SimulatorCredentials } from './credentials.js';

export interface StandaloneConfig {
  host: string;
  port: number;
  credentials: SimulatorCredentials;
  timezone: string;
}

const DEFAULT_STANDALONE_PORT = 4010;

/** Reads the standalone simulator's settings; blank values count as unset. Throws on a bad port. */
export function loadStandaloneConfig(env: NodeJS.ProcessEnv): StandaloneConfig {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const portText = read('SIMULATOR_PORT');
  const port = portText === undefined ? DEFAULT_STANDALONE_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`SIMULATOR_PORT must be an integer from 0 to 65535, got "${portText}"`);
  }
  return {
    host: read('SIMULATOR_HOST') ?? '127.0.0.1',
    port,
    timezone: read('SIMULATOR_TIMEZONE') ?? read('CMS_TIMEZONE') ?? 'UTC',
    credentials: {
      appKey: read('CEC_APP_KEY') ?? DEMO_CREDENTIALS.appKey,
      appSecret: read('CEC_APP_SECRET') ?? DEMO_CREDENTIALS.appSecret,
      cmsAccessKey: read('CMS_ACCESS_KEY') ?? DEMO_CREDENTIALS.cmsAccessKey,
      cmsSecretKey: read('CMS_SECRET_KEY') ?? DEMO_CREDENTIALS.cmsSecretKey,
    },
  };
}
