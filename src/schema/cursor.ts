import { createHash } from 'node:crypto';
import { invalidArgument } from './input-validation.js';

/**
 * Which list a cursor belongs to: the connection and its filter. A cursor is only valid for the same
 * list, since an offset into one list means nothing in another.
 */
export interface CursorScope {
  connection: string;
  /** Anything that changes the list (filters); compared by a short hash. */
  filter?: unknown;
}

function scopeTag(scope: CursorScope): string {
  const source = `${scope.connection}:${JSON.stringify(scope.filter ?? null)}`;
  return createHash('sha256').update(source).digest('base64url').slice(0, 10);
}

export function encodeCursor(offset: number, scope: CursorScope): string {
  return Buffer.from(`${scopeTag(scope)}:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string, argument: string, scope: CursorScope): number {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const separator = decoded.lastIndexOf(':');
  const offset = separator > 0 ? Number(decoded.slice(separator + 1)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0 || decoded.slice(0, separator) !== scopeTag(scope)) {
    throw invalidArgument(argument, 'is not a cursor of this connection with these arguments');
  }
  return offset;
}
