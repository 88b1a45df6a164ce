/** What every bench script needs to talk to the servers it starts: a client token and the direct vendor. */
import { SignJWT } from 'jose';
import { DEMO_CREDENTIALS } from '../../src/simulator/index.js';
import { createVendor, type Vendor } from '../baselines/vendor.js';

/** An HS256 client token for the server's AUTH_JWT_SECRET, with the scopes every scenario needs. */
export function mintBenchToken(secret: string): Promise<string> {
  return new SignJWT({ scope: 'cec:read cec:call' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('bench')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(secret));
}

/** Direct vendor calls to the bench's simulator, with its demo credentials (the oracle's reference answers). */
export function simulatorVendor(simulatorOrigin: string): Vendor {
  return createVendor({
    baseUrl: simulatorOrigin,
    appKey: DEMO_CREDENTIALS.appKey,
    appSecret: DEMO_CREDENTIALS.appSecret,
    cmsAccessKey: DEMO_CREDENTIALS.cmsAccessKey,
    cmsSecretKey: DEMO_CREDENTIALS.cmsSecretKey,
  });
}
