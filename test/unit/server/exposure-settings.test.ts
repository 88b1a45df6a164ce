import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';

// The switches the exposure plugin and GraphiQL read; the HTTP behaviour is in test/integration/server/.

const PRODUCTION = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'k'.repeat(32) };

describe('exposure and browser settings', () => {
  it('turn introspection and GraphiQL off in production, and allow no origin', () => {
    expect(loadConfig(PRODUCTION).security).toMatchObject({
      introspection: false,
      graphiql: false,
      corsOrigins: [],
    });
  });

  it('turn them on in development', () => {
    expect(loadConfig({}).security).toMatchObject({ introspection: true, graphiql: true, corsOrigins: [] });
  });

  it('follow GRAPHQL_INTROSPECTION and GRAPHIQL when set', () => {
    const on = loadConfig({ ...PRODUCTION, GRAPHQL_INTROSPECTION: 'true', GRAPHIQL: '1' }).security;
    expect(on).toMatchObject({ introspection: true, graphiql: true });
    const off = loadConfig({ GRAPHQL_INTROSPECTION: 'false', GRAPHIQL: '0' }).security;
    expect(off).toMatchObject({ introspection: false, graphiql: false });
  });

  it('read CORS_ORIGINS as a comma-separated list of origins', () => {
    const { corsOrigins } = loadConfig({
      CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
    }).security;
    expect(corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.com/path' })).toThrow(/CORS_ORIGINS/);
  });
});
