/**
 * Who is asking and what they may do: the subject and scopes of a verified client token. The schema
 * checks scopes per field (src/schema/scopes.ts); nothing else of the token travels further.
 */

/** Every scope this server knows, each guarding what its name says. */
export const CLIENT_SCOPES = ['cec:read', 'cec:call', 'cec:softphone:secrets'] as const;

export type ClientScope = (typeof CLIENT_SCOPES)[number];

export interface Viewer {
  /** The token's `sub`; "anonymous" while the server runs open. */
  subject: string;
  /** Every scope the token grants, ours or not. */
  scopes: ReadonlySet<string>;
}

/** The one client of a server without client authentication (development only): it may do everything. */
export const OPEN_VIEWER: Viewer = Object.freeze({ subject: 'anonymous', scopes: new Set(CLIENT_SCOPES) });

function words(claim: unknown): string[] {
  if (typeof claim === 'string') return claim.split(' ').filter(Boolean);
  if (Array.isArray(claim)) return claim.filter((item): item is string => typeof item === 'string');
  return [];
}

/**
 * The scopes of a token: `scope` as a space-separated string (RFC 8693, RFC 9068) and `scp` as an
 * array (Okta, Keycloak); each form is accepted in either claim, since identity providers differ.
 */
export function scopesOf(claims: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  return new Set([...words(claims.scope), ...words(claims.scp)]);
}
