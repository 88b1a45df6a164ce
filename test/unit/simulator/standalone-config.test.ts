import { describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../../src/simulator/index.js';
import { loadStandaloneConfig } from '../../../src/simulator/standalone-config.js';

describe('loadStandaloneConfig', () => {
  it('defaults to 127.0.0.1:4010, UTC and the demo credentials', () => {
    expect(loadStandaloneConfig({})).toEqual({
      host: '127.0.0.1',
      port: 4010,
      timezone: 'UTC',
      credentials: DEMO_CREDENTIALS,
    });
  });

  it('reads every variable and treats blank as unset', () => {
    const config = loadStandaloneConfig({
      SIMULATOR_PORT: '5050',
      SIMULATOR_HOST: '0.0.0.0',
      CEC_APP_KEY: 'k',
      CEC_APP_SECRET: '  ',
      CMS_ACCESS_KEY: 'ak',
      CMS_SECRET_KEY: '',
      CMS_TIMEZONE: 'Asia/Shanghai',
    });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 5050,
      timezone: 'Asia/Shanghai',
      credentials: {
        appKey: 'k',
        appSecret: DEMO_CREDENTIALS.appSecret,
        cmsAccessKey: 'ak',
        cmsSecretKey: DEMO_CREDENTIALS.cmsSecretKey,
      },
    });
  });

  it('rejects a bad port', () => {
    expect(() => loadStandaloneConfig({ SIMULATOR_PORT: 'http' })).toThrow(/SIMULATOR_PORT/);
    expect(() => loadStandaloneConfig({ SIMULATOR_PORT: '70000' })).toThrow(/SIMULATOR_PORT/);
  });
});
