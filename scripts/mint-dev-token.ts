/**
 * Prints an HS256 client token signed with AUTH_JWT_SECRET, for development and manual tests:
 *
 *   AUTH_JWT_SECRET=… npm run -s token:dev -- --scope "cec:read cec:call" --sub alice --ttl 3600
 *
 * The token alone goes to stdout (so `TOKEN=$(npm run -s token:dev)` works); a summary goes to stderr.
 * `iss` and `aud` are AUTH_ISSUER and AUTH_AUDIENCE when set, so the token matches the server's settings.
 * Servers on AUTH_JWKS_URL take tokens from the identity provider instead.
 */
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { CLIENT_SCOPES } from '../src/auth/client/viewer.js';
import { ConfigError, loadConfig } from '../src/config.js';

const USAGE = `Usage: npm run -s token:dev -- [--scope "<scopes>"] [--sub <subject>] [--ttl <seconds>]
  --scope  space-separated scopes (default "cec:read"); known: ${CLIENT_SCOPES.join(', ')}
  --sub    the token's subject, shown in the server's logs (default "dev")
  --ttl    lifetime in seconds, 1 to 604800 (default 3600)`;

const MAX_TTL_SECONDS = 7 * 24 * 3600;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scope: { type: 'string', default: 'cec:read' },
      sub: { type: 'string', default: 'dev' },
      ttl: { type: 'string', default: '3600' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.error(USAGE);
    return;
  }
  const scopes = values.scope.split(' ').filter(Boolean);
  const unknown = scopes.filter((scope) => !(CLIENT_SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0) fail(`Unknown scope(s): ${unknown.join(', ')}`);
  const ttl = /^\d+$/.test(values.ttl) ? Number(values.ttl) : Number.NaN;
  if (!(ttl >= 1 && ttl <= MAX_TTL_SECONDS))
    fail(`--ttl must be a whole number of seconds, 1 to ${MAX_TTL_SECONDS}`);
  if (values.sub.trim() === '') fail('--sub must not be empty');

  let clientAuth: ReturnType<typeof loadConfig>['security']['clientAuth'];
  try {
    clientAuth = loadConfig().security.clientAuth;
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (!clientAuth?.jwtSecret) {
    fail(
      clientAuth?.jwksUrl
        ? 'AUTH_JWKS_URL is set: this server takes tokens from your identity provider, not from this script.'
        : 'Set AUTH_JWT_SECRET (the secret the server is started with) to mint a dev token.',
    );
  }

  const jwt = new SignJWT({ scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(values.sub)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`);
  if (clientAuth.issuer) jwt.setIssuer(clientAuth.issuer);
  if (clientAuth.audience) jwt.setAudience(clientAuth.audience);
  const token = await jwt.sign(new TextEncoder().encode(clientAuth.jwtSecret));

  const expires = new Date(Date.now() + ttl * 1000).toISOString();
  console.error(`HS256 token for sub "${values.sub}", scope "${scopes.join(' ')}", valid until ${expires}`);
  console.log(token);
}

main().catch((error: unknown) => {
  console.error('mint-dev-token failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
