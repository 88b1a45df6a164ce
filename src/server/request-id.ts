import { randomUUID } from 'node:crypto';

const ids = new WeakMap<Request, string>();
const USABLE_ID = /^[\w.:-]{1,128}$/;

/**
 * The request's id: the client's `x-request-id`, else a fresh UUID, the same for every caller. Limits
 * refuse a document while it is parsed or validated, before the GraphQL context exists, and still log
 * the id the rest of the request logs.
 */
export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (id === undefined) {
    const given = request.headers.get('x-request-id');
    // A client's id goes into every log line of the request: only a short, plain one is taken.
    id = given !== null && USABLE_ID.test(given) ? given : randomUUID();
    ids.set(request, id);
  }
  return id;
}
