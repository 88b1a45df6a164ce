import { expect } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import type { UpstreamTransport } from '../../src/transport/upstream-transport.js';

export interface SecretRecorder {
  /** The transport to hand to the datasources: it forwards to the real one and notes secrets on the way. */
  transport: Pick<UpstreamTransport, 'send'>;
  /** Secrets that crossed the wire so far: app secret, CMS SK, issued tokens, Authorization values. */
  secrets(): string[];
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
  return {
    transport: {
      async send(request) {
        const authorization = request.headers.authorization;
        if (authorization) {
          seen.add(authorization);
          if (authorization.startsWith('Bearer ')) seen.add(authorization.slice('Bearer '.length));
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

/** Fails, without printing any secret, when one of the recorded secrets appears in a log line. */
export function expectNoSecretsLogged(harness: { logLines: string[]; secrets(): string[] }): void {
  const secrets = harness.secrets();
  const leaks = harness.logLines.flatMap((line, lineIndex) =>
    secrets.flatMap((secret, secretIndex) =>
      line.includes(secret) ? [`log line ${lineIndex} holds secret #${secretIndex}`] : [],
    ),
  );
  expect(leaks, 'log lines containing a secret').toEqual([]);
}
