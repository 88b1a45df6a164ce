import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('defaults to the embedded simulator and documented values', () => {
    const config = loadConfig({});
    expect(config.upstream).toBeNull();
    expect(config.server.port).toBe(4000);
    expect(config.auth.tokenTtlSeconds).toBe(600);
    expect(config.callRecords).toEqual({ defaultCcId: 1, timezone: 'UTC' });
    expect(config.paging).toEqual({ maxPageSize: 500, accessCodeMaxOffset: 100 });
    expect(config.exposeSoftphonePasswords).toBe(false);
  });

  it('treats empty strings as unset and parses numbers and flags', () => {
    const config = loadConfig({
      PORT: '',
      CEC_BASE_URL: ' ',
      CMS_CC_ID: '7',
      EXPOSE_SOFTPHONE_PASSWORDS: 'true',
    });
    expect(config.server.port).toBe(4000);
    expect(config.upstream).toBeNull();
    expect(config.callRecords.defaultCcId).toBe(7);
    expect(config.exposeSoftphonePasswords).toBe(true);
  });

  it('reads a real tenant', () => {
    const config = loadConfig({
      CEC_BASE_URL: 'https://service.example.com',
      CEC_APP_KEY: 'key',
      CEC_APP_SECRET: 'secret',
      CMS_BASE_URL: 'https://cms.example.com:28443',
      CMS_ACCESS_KEY: 'ak',
      CMS_SECRET_KEY: 'sk',
      CMS_TIMEZONE: 'Asia/Shanghai',
    });
    expect(config.upstream).toEqual({
      cec: { baseUrl: 'https://service.example.com', appKey: 'key', appSecret: 'secret' },
      cms: { baseUrl: 'https://cms.example.com:28443', accessKey: 'ak', secretKey: 'sk' },
    });
    expect(config.callRecords.timezone).toBe('Asia/Shanghai');
  });

  it('lists every problem in one error, credentials and values together', () => {
    try {
      loadConfig({ CEC_BASE_URL: 'https://service.example.com', PORT: 'abc' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'PORT: must be a whole number',
        'CEC_APP_KEY: required when CEC_BASE_URL is set',
        'CEC_APP_SECRET: required when CEC_BASE_URL is set',
        'CMS_BASE_URL: required when CEC_BASE_URL is set',
        'CMS_ACCESS_KEY: required when CEC_BASE_URL is set',
        'CMS_SECRET_KEY: required when CEC_BASE_URL is set',
      ]);
    }
  });

  it('refuses tenant settings without CEC_BASE_URL instead of silently using the simulator', () => {
    expect(() => loadConfig({ CMS_ACCESS_KEY: 'ak', CEC_APP_KEY: 'key' })).toThrow(
      /CEC_BASE_URL: required when CEC_APP_KEY, CMS_ACCESS_KEY are set/,
    );
  });

  it('rejects invalid values, naming each variable', () => {
    for (const [name, value] of [
      ['PORT', 'eighty'],
      ['PORT', '0x1F'],
      ['PORT', '1e3'],
      ['PORT', '4000.0'],
      ['CMS_TIMEZONE', 'Mars/Olympus'],
      ['CMS_TIMEZONE', 'utc'],
      ['CEC_TOKEN_TTL_SECONDS', '7200'],
      ['CEC_BASE_URL', 'ftp://x'],
      ['EXPOSE_SOFTPHONE_PASSWORDS', 'yes'],
    ] as const) {
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(new RegExp(`${name}:`));
    }
    expect(loadConfig({ EXPOSE_SOFTPHONE_PASSWORDS: 'TRUE' }).exposeSoftphonePasswords).toBe(true);
  });
});
