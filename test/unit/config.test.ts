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
    expect(config.security.clientAuth).toBeNull();
  });

  it('treats empty strings as unset and parses numbers and flags', () => {
    const config = loadConfig({
      PORT: '',
      CEC_BASE_URL: ' ',
      CMS_CC_ID: '7',
      GRAPHIQL: 'false',
      AUTH_JWT_SECRET: '',
    });
    expect(config.server.port).toBe(4000);
    expect(config.upstream).toBeNull();
    expect(config.callRecords.defaultCcId).toBe(7);
    expect(config.security.graphiql).toBe(false);
    expect(config.security.clientAuth).toBeNull();
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
      ['GRAPHIQL', 'yes'],
      ['AUTH_JWT_SECRET', 'too-short'],
      ['AUTH_JWKS_URL', 'file:///etc/jwks.json'],
    ] as const) {
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(new RegExp(`${name}:`));
    }
    expect(loadConfig({ GRAPHIQL: 'FALSE' }).security.graphiql).toBe(false);
  });
});

describe('WEB_CONCURRENCY', () => {
  const tenant = {
    CEC_BASE_URL: 'https://service.example.com',
    CEC_APP_KEY: 'key',
    CEC_APP_SECRET: 'secret',
    CMS_BASE_URL: 'https://cms.example.com',
    CMS_ACCESS_KEY: 'ak',
    CMS_SECRET_KEY: 'sk',
  };

  it('serves in one process by default and reads a worker count', () => {
    expect(loadConfig({}).server.workers).toBe(1);
    const config = loadConfig({ ...tenant, REDIS_URL: 'redis://redis:6379', WEB_CONCURRENCY: '4' });
    expect(config.server.workers).toBe(4);
  });

  it('refuses workers that would keep idempotency keys apart or each embed a simulator', () => {
    expect(() => loadConfig({ ...tenant, WEB_CONCURRENCY: '2' })).toThrow(
      /WEB_CONCURRENCY: .*needs REDIS_URL/,
    );
    expect(() => loadConfig({ REDIS_URL: 'redis://redis:6379', WEB_CONCURRENCY: '2' })).toThrow(
      /WEB_CONCURRENCY: .*needs CEC_BASE_URL/,
    );
    for (const value of ['0', '65', 'two', '1.5']) {
      expect(() => loadConfig({ WEB_CONCURRENCY: value }), value).toThrow(/WEB_CONCURRENCY:/);
    }
  });
});

describe('client authentication settings', () => {
  const SECRET = 'a-shared-secret-of-at-least-32-chars';

  it('reads a shared secret, issuer, audience and tolerance, and then listens on every interface', () => {
    const config = loadConfig({
      AUTH_JWT_SECRET: SECRET,
      AUTH_ISSUER: 'https://issuer.example.com/',
      AUTH_AUDIENCE: 'cec-graphql',
      AUTH_CLOCK_TOLERANCE_SECONDS: '5',
    });
    expect(config.security.clientAuth).toEqual({
      jwtSecret: SECRET,
      jwksUrl: null,
      issuer: 'https://issuer.example.com/',
      audience: 'cec-graphql',
      clockToleranceSeconds: 5,
    });
    expect(config.server.host).toBe('0.0.0.0');
  });

  it('reads a JWKS URL, with the default tolerance and no issuer or audience', () => {
    expect(loadConfig({ AUTH_JWKS_URL: 'https://idp.example.com/jwks.json' }).security.clientAuth).toEqual({
      jwtSecret: null,
      jwksUrl: 'https://idp.example.com/jwks.json',
      issuer: null,
      audience: null,
      clockToleranceSeconds: 30,
    });
  });

  it('runs open only outside production, on loopback unless HOST says otherwise', () => {
    const open = loadConfig({ NODE_ENV: 'development' });
    expect(open.security).toMatchObject({ mode: 'development', clientAuth: null });
    expect(open.server.host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).server.host).toBe('0.0.0.0');
    try {
      loadConfig({ NODE_ENV: 'production' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const [problem, ...rest] = (error as ConfigError).problems;
      expect(rest).toEqual([]);
      expect(problem).toMatch(/^AUTH_JWT_SECRET: .*AUTH_JWT_SECRET or AUTH_JWKS_URL/);
    }
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET }).security.mode).toBe('production');
  });

  it('refuses a secret and a JWKS URL together', () => {
    expect(() =>
      loadConfig({ AUTH_JWT_SECRET: SECRET, AUTH_JWKS_URL: 'https://idp.example.com/jwks.json' }),
    ).toThrow(/AUTH_JWKS_URL: set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both/);
  });
});
