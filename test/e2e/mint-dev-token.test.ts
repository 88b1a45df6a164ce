import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createClientTokenVerifier } from '../../src/auth/client/token-verifier.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';

const run = promisify(execFile);
const SECRET = 'e2e-only-hs256-secret-0123456789abcdef';

/** `npm run token:dev` as a developer runs it (tsx, from source). */
function mint(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', 'scripts/mint-dev-token.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

describe('scripts/mint-dev-token.ts', () => {
  it("prints a token the server's own verifier accepts, with the chosen subject, scopes and lifetime", async () => {
    const env = { AUTH_JWT_SECRET: SECRET, AUTH_ISSUER: 'dev-issuer', AUTH_AUDIENCE: 'cec-graphql' };
    const { stdout, stderr } = await mint(
      ['--scope', 'cec:read cec:call', '--sub', 'alice', '--ttl', '120'],
      env,
    );
    const token = stdout.trim();
    expect(stderr).toContain('sub "alice"');
    expect(stderr).not.toContain(token);

    const clientAuth = loadConfig(env).security.clientAuth;
    if (!clientAuth) throw new Error('expected client auth settings');
    const viewer = await createClientTokenVerifier(clientAuth, { clock: systemClock }).verify(token);
    expect(viewer).toEqual({ subject: 'alice', scopes: new Set(['cec:read', 'cec:call']) });
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({ iss: 'dev-issuer', aud: 'cec-graphql' });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(120);
  });

  it('refuses an unknown scope, and a server without AUTH_JWT_SECRET', async () => {
    await expect(mint(['--scope', 'cec:reed'], { AUTH_JWT_SECRET: SECRET })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Unknown scope(s): cec:reed'),
    });
    await expect(mint([], {})).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Set AUTH_JWT_SECRET'),
    });
  });
});
