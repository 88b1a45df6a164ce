import { describe, expect, it } from 'vitest';
import {
  MAX_SIGNATURE_SKEW_MS,
  type SignedRequest,
  verifyCmsSignature,
} from '../../../src/simulator/auth/cms-verifier.js';

// The auth-v2 test vector (docs/upstream.md#cms-signature-auth-v2).
const CREDENTIALS = { accessKey: 'globalaktest', secretKey: 'exampleSecretKey0123456789' };
const SIGNED_AT = Date.UTC(2024, 9, 31, 14, 6, 52);
const BODY = '{"ccId":1,"vdn":25,"beginDate":1730332800000,"endDate":1730419199000,"isCallIn":"true"}';
const AUTHORIZATION =
  'auth-v2/globalaktest/2024-10-31T14:06:52Z/host/ec6df9e6d35bc09859ffb2bb5c48852a0014de1fb94b616933bfd8ea72588eb0';

const vector = (overrides: Partial<SignedRequest> = {}): SignedRequest => ({
  method: 'POST',
  path: '/rest/cmsapp/v2/openapi/vdn/querycalls',
  query: new URLSearchParams(),
  headers: { host: '10.22.26.181:28080', 'content-type': 'application/json;charset=UTF-8' },
  rawBody: Buffer.from(BODY),
  authorization: AUTHORIZATION,
  ...overrides,
});

describe('verifyCmsSignature', () => {
  it('accepts the B.3 vector', () => {
    expect(verifyCmsSignature(CREDENTIALS, vector(), SIGNED_AT)).toEqual({ ok: true });
  });

  it('rejects any change to body, host, path, method or keys', () => {
    const changedBody = Buffer.from(BODY.replace('25', '26'));
    expect(verifyCmsSignature(CREDENTIALS, vector({ rawBody: changedBody }), SIGNED_AT)).toMatchObject({
      ok: false,
    });
    expect(
      verifyCmsSignature(CREDENTIALS, vector({ headers: { host: '10.22.26.181' } }), SIGNED_AT),
    ).toMatchObject({
      ok: false,
    });
    expect(
      verifyCmsSignature(CREDENTIALS, vector({ path: '/rest/cmsapp/v1/openapi/vdn/querycalls' }), SIGNED_AT),
    ).toMatchObject({
      ok: false,
    });
    expect(verifyCmsSignature(CREDENTIALS, vector({ method: 'PUT' }), SIGNED_AT)).toMatchObject({
      ok: false,
    });
    expect(verifyCmsSignature({ ...CREDENTIALS, secretKey: 'other' }, vector(), SIGNED_AT)).toMatchObject({
      ok: false,
    });
    expect(verifyCmsSignature({ ...CREDENTIALS, accessKey: 'other' }, vector(), SIGNED_AT)).toEqual({
      ok: false,
      reason: 'unknown access key',
    });
  });

  it('allows 15 minutes of skew either way', () => {
    expect(verifyCmsSignature(CREDENTIALS, vector(), SIGNED_AT + MAX_SIGNATURE_SKEW_MS).ok).toBe(true);
    expect(verifyCmsSignature(CREDENTIALS, vector(), SIGNED_AT - MAX_SIGNATURE_SKEW_MS).ok).toBe(true);
    expect(verifyCmsSignature(CREDENTIALS, vector(), SIGNED_AT + MAX_SIGNATURE_SKEW_MS + 1)).toEqual({
      ok: false,
      reason: 'stale timestamp',
    });
  });

  it('names the problem for missing, Bearer and non-auth-v2 values', () => {
    expect(verifyCmsSignature(CREDENTIALS, vector({ authorization: undefined }), SIGNED_AT)).toMatchObject({
      ok: false,
    });
    const bearer = verifyCmsSignature(CREDENTIALS, vector({ authorization: 'Bearer abc' }), SIGNED_AT);
    expect(bearer).toMatchObject({ ok: false, reason: expect.stringMatching(/Bearer/) });
    expect(
      verifyCmsSignature(CREDENTIALS, vector({ authorization: 'auth-v1/a/b/c/d' }), SIGNED_AT),
    ).toMatchObject({
      ok: false,
    });
  });

  it('requires every signed header to be present in the request', () => {
    const result = verifyCmsSignature(CREDENTIALS, vector({ headers: {} }), SIGNED_AT);
    expect(result).toEqual({ ok: false, reason: 'signed header host is missing' });
  });
});
