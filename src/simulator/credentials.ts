/** The app key/secret (tokenByAkSk) and the CMS access/secret key (auth-v2 signature) the simulator accepts. */
export interface SimulatorCredentials {
  appKey: string;
  appSecret: string;
  cmsAccessKey: string;
  cmsSecretKey: string;
}

/** Published demo values: safe to print, commit and use in docs. Never use them against a real tenant. */
export const DEMO_CREDENTIALS: SimulatorCredentials = Object.freeze({
  appKey: 'demo-app-key',
  appSecret: 'demo-app-secret',
  cmsAccessKey: 'demo-cms-access-key',
  cmsSecretKey: 'demo-cms-secret-key',
});
