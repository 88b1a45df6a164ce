import { hash } from 'node:crypto';
import { invalidArgument } from './input-validation.js';

/**
 * Which list a cursor belongs to: the connection and its filter. A cursor is only valid for the same
 * list, since a position in one list means nothing in another.
 */
export interface CursorScope {
  connection: string;
  /** Anything that changes the list (filters); compared by a short hash. */
  filter?: unknown;
}

/** Where a cursor points: the row's offset when it was issued, and the row's identity. */
export interface CursorPosition {
  offset: number;
  /** E.g. the callId: lets a later page find the row again after the list grew before it. */
  identity: string | null;
}

/**
 * Opaque cursors of one connection and filter: base64url of `tag:offset:identity`. The scope's tag is
 * hashed once per codec, not once per edge.
 */
export class CursorCodec {
  private readonly tag: string;

  constructor(scope: CursorScope) {
    const source = `${scope.connection}:${JSON.stringify(scope.filter ?? null)}`;
    // One-shot hash: no Hash object per connection.
    this.tag = hash('sha256', source, 'base64url').slice(0, 10);
  }

  encode(offset: number, identity: string | null): string {
    return Buffer.from(`${this.tag}:${offset}:${identity ?? ''}`).toString('base64url');
  }

  /** Throws BAD_USER_INPUT (naming `argument`) for anything this codec did not issue. */
  decode(cursor: string, argument: string): CursorPosition {
    const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
    const [tag, offsetText, ...rest] = decoded.split(':');
    const offset = Number(offsetText);
    if (
      tag !== this.tag ||
      offsetText === '' ||
      !Number.isSafeInteger(offset) ||
      offset < 0 ||
      !rest.length
    ) {
      throw invalidArgument(argument, 'is not a cursor of this connection with these arguments');
    }
    const identity = rest.join(':');
    return { offset, identity: identity === '' ? null : identity };
  }
}
