import { describe, expect, it } from 'vitest';
import { createCmsSigner } from '../../../src/auth/cms-signer.js';
import { ManualClock } from '../../../src/clock.js';

// The auth-v2 test vector (docs/upstream.md#cms-signature-auth-v2): the regression vector shared with the simulator's verifier.
const B3 = {
  accessKey: 'globalaktest',
  secretKey: 'exampleSecretKey0123456789',
  at: Date.parse('2024-10-31T14:06:52Z'),
  host: '10.22.26.181:28080',
  path: '/rest/cmsapp/v2/openapi/vdn/querycalls',
  body: '{"ccId":1,"vdn":25,"beginDate":1730332800000,"endDate":1730419199000,"isCallIn":"true"}',
  authorization:
    'auth-v2/globalaktest/2024-10-31T14:06:52Z/host/ec6df9e6d35bc09859ffb2bb5c48852a0014de1fb94b616933bfd8ea72588eb0',
};

describe('createCmsSigner', () => {
  it('reproduces the B.3 worked example', () => {
    const signer = createCmsSigner(
      { accessKey: B3.accessKey, secretKey: B3.secretKey },
      new ManualClock(B3.at),
    );
    expect(signer.authorize({ method: 'POST', host: B3.host, path: B3.path, body: B3.body })).toBe(
      B3.authorization,
    );
  });

  it('stamps the clock time without milliseconds', () => {
    const signer = createCmsSigner({ accessKey: 'ak', secretKey: 'sk' }, new ManualClock(B3.at + 987));
    const value = signer.authorize({ method: 'POST', host: 'h:1', path: '/p', body: '' });
    expect(value.split('/')[2]).toBe('2024-10-31T14:06:52Z');
  });

  it('signs the host with its port and the exact body', () => {
    const signer = createCmsSigner({ accessKey: 'ak', secretKey: 'sk' }, new ManualClock(B3.at));
    const base = { method: 'POST', host: 'cms.example:28443', path: '/p', body: '{"a":1}' };
    const reference = signer.authorize(base);
    expect(signer.authorize({ ...base, host: 'cms.example' })).not.toBe(reference);
    expect(signer.authorize({ ...base, body: '{"a": 1}' })).not.toBe(reference);
  });

  it('does not expose the secret key', () => {
    const signer = createCmsSigner({ accessKey: 'ak', secretKey: 'super-secret-sk' }, new ManualClock(0));
    expect(JSON.stringify(signer)).not.toContain('super-secret-sk');
    expect(Object.values(signer)).not.toContain('super-secret-sk');
  });
});
