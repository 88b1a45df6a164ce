import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';

export interface IssuedToken {
  accessToken: string;
  appKey: string;
  createdAt: number;
  expiresAt: number;
}

export type TokenCheck = { ok: true; token: IssuedToken } | { ok: false; reason: 'unknown' | 'expired' };

/**
 * Bearer tokens issued by tokenByAkSk. Tokens are 32 random bytes (unguessable); revoking forgets
 * every token issued so far, which is how tests simulate a gateway that invalidated them.
 */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly clock: Clock) {}

  issue(appKey: string, ttlSeconds: number): IssuedToken {
    const createdAt = this.clock.now();
    this.dropExpired(createdAt);
    const token: IssuedToken = {
      accessToken: randomBytes(32).toString('base64url'),
      appKey,
      createdAt,
      expiresAt: createdAt + ttlSeconds * 1000,
    };
    this.tokens.set(token.accessToken, token);
    return token;
  }

  check(accessToken: string): TokenCheck {
    const token = this.tokens.get(accessToken);
    if (!token) return { ok: false, reason: 'unknown' };
    if (this.clock.now() >= token.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, token };
  }

  /** Returns how many live tokens were revoked. */
  revokeAll(): number {
    const now = this.clock.now();
    let live = 0;
    for (const token of this.tokens.values()) if (now < token.expiresAt) live++;
    this.tokens.clear();
    return live;
  }

  private dropExpired(now: number): void {
    // Only sweep when the map grows, so issuing stays cheap; a moved-back clock may revive nothing here.
    if (this.tokens.size < 1024) return;
    for (const [key, token] of this.tokens) if (now >= token.expiresAt) this.tokens.delete(key);
  }
}
