import { expect } from 'vitest';
import { parseCmsAuthorization } from '../../src/auth/cms-signature.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import type { UpstreamTransport } from '../../src/transport/upstream-transport.js';
import type { GraphQLQuery } from './graphql-client.js';

export interface SecretRecorder {
  /** The transport to hand to the datasources: it forwards to the real one and notes secrets on the way. */
  transport: Pick<UpstreamTransport, 'send'>;
  /** Secrets that crossed the wire so far: app secret, CMS SK, issued tokens, Authorization values. */
  secrets(): string[];
  /** Counts a secret the test made (e.g. a client token it minted). */
  note(secret: string): void;
  /** Wraps a GraphQL client so that the Authorization header of every request counts as a secret. */
  noteAuthorization(query: GraphQLQuery): GraphQLQuery;
}

/** Wraps a transport to note which secrets were used, so tests can prove none of them reached a log line. */
export function recordSecrets(
  transport: Pick<UpstreamTransport, 'send'>,
  simulator: RunningSimulator,
): SecretRecorder {
  const { credentials } = simulator;
  // Softphone SIP passwords are secrets too.
  const seen = new Set<string>([
    credentials.appSecret,
    credentials.cmsSecretKey,
    ...simulator.dataset.softphones.map((phone) => phone.password),
  ]);
  const noteAuthorization = (value: string) => {
    // Short values ("Bearer", "Bearer a.b.c") are no credential and would match harmless log text.
    if (value.length < 16) return;
    seen.add(value);
    // The token alone too, and its signature: a log line holding either leaks a usable credential.
    const token = value.replace(/^bearer\s*/i, '');
    if (token.length >= 16) seen.add(token);
    const signature = token.split('.')[2];
    if (signature && signature.length >= 16) seen.add(signature);
  };
  return {
    note: (secret) => noteAuthorization(secret),
    noteAuthorization:
      (query) =>
      (text, variables, options = {}) => {
        const authorization = Object.entries(options.headers ?? {}).find(
          ([name]) => name.toLowerCase() === 'authorization',
        )?.[1];
        if (authorization) noteAuthorization(authorization);
        return query(text, variables, options);
      },
    transport: {
      async send(request) {
        const authorization = request.headers.authorization;
        if (authorization) {
          seen.add(authorization);
          if (authorization.startsWith('Bearer ')) seen.add(authorization.slice('Bearer '.length));
          // A CMS auth-v2 value ends with its signature, which alone would let a replay through.
          const cmsSignature = parseCmsAuthorization(authorization)?.signature;
          if (cmsSignature) seen.add(cmsSignature);
        }
        const response = await transport.send(request);
        if (request.endpoint.name === 'tokenByAkSk' && response.status === 200) {
          const token = (JSON.parse(response.body) as { AccessToken?: string }).AccessToken;
          if (token) seen.add(token);
        }
        return response;
      },
    },
    secrets: () => [...seen],
  };
}

/** A compact JWS: what any JWT looks like, whoever minted it. */
const JWT_SHAPE = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]+/;

/**
 * Fails, without printing any secret, when one of the recorded secrets, or anything shaped like a
 * JWT, appears in a log line.
 */
export function expectNoSecretsLogged(harness: { logLines: string[]; secrets(): string[] }): void {
  const secrets = harness.secrets();
  const leaks = harness.logLines.flatMap((line, lineIndex) => [
    ...secrets.flatMap((secret, secretIndex) =>
      line.includes(secret) ? [`log line ${lineIndex} holds secret #${secretIndex}`] : [],
    ),
    ...(JWT_SHAPE.test(line) ? [`log line ${lineIndex} holds a JWT`] : []),
  ]);
  expect(leaks, 'log lines containing a secret').toEqual([]);
}
