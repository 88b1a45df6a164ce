import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWithTimestamp } from '../../../src/auth/cms-signature.js';
import { createCmsSigner } from '../../../src/auth/cms-signer.js';
import { ManualClock } from '../../../src/clock.js';
import { verifyCmsSignature } from '../../../src/simulator/auth/cms-verifier.js';

// The canonical request ends its header block with "\n" whatever the body, as Huawei's SignInfo does
// (docs/upstream.md#cms-signature-auth-v2). The expected signatures are computed here from the spelled-out
// canonical text, independently of src/auth/cms-signature.ts.
const credentials = { accessKey: 'ak', secretKey: 'sk-for-the-canonical-test' };
const at = Date.parse('2024-10-31T14:06:52Z');
const timestamp = '2024-10-31T14:06:52Z';

const hmacHex = (key: string, message: string) =>
  createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex');

function expectedAuthorization(canonical: string): string {
  const prefix = `auth-v2/${credentials.accessKey}/${timestamp}/host`;
  return `${prefix}/${hmacHex(hmacHex(credentials.secretKey, prefix), canonical)}`;
}

describe('the auth-v2 canonical request', () => {
  it('ends the header block with a newline when the body is empty', () => {
    const signer = createCmsSigner(credentials, new ManualClock(at));
    expect(signer.authorize({ method: 'POST', host: 'cms.example:28443', path: '/p', body: '' })).toBe(
      expectedAuthorization('POST\n/p\nhost\nhost:cms.example%3A28443\n'),
    );
  });

  it('keeps the query line and the trailing newline for an empty body with a query', () => {
    const request = {
      method: 'get',
      path: '/p',
      query: { b: '2', a: 'x y' },
      headers: { Host: 'h' },
      body: '',
    };
    expect(signWithTimestamp(credentials, request, timestamp)).toBe(
      expectedAuthorization('GET\n/p\na=x%20y&b=2\nhost\nhost:h\n'),
    );
  });

  it('puts a non-empty body right after that newline, percent-encoded', () => {
    const signer = createCmsSigner(credentials, new ManualClock(at));
    expect(signer.authorize({ method: 'POST', host: 'h', path: '/p', body: '{"a":1}' })).toBe(
      expectedAuthorization('POST\n/p\nhost\nhost:h\n%7B%22a%22%3A1%7D'),
    );
  });

  it('is what the simulator verifies an empty-bodied request against', () => {
    const signer = createCmsSigner(credentials, new ManualClock(at));
    const authorization = signer.authorize({ method: 'POST', host: 'h:1', path: '/p', body: '' });
    const request = {
      method: 'POST',
      path: '/p',
      query: new URLSearchParams(),
      headers: { host: 'h:1' },
      rawBody: Buffer.alloc(0),
      authorization,
    };
    expect(verifyCmsSignature(credentials, request, at)).toEqual({ ok: true });
    expect(
      verifyCmsSignature(
        credentials,
        { ...request, authorization: expectedAuthorization('POST\n/p\nhost\nhost:h%3A1') },
        at,
      ),
    ).toEqual({ ok: false, reason: 'signature mismatch' });
  });
});
