import { randomUUID } from 'node:crypto';

const ids = new WeakMap<Request, string>();

/**
 * The request's id: the client's `x-request-id`, else a fresh UUID, the same for every caller. Limits
 * refuse a document while it is parsed or validated, before the GraphQL context exists, and still log
 * the id the rest of the request logs.
 */
export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (id === undefined) {
    id = request.headers.get('x-request-id') ?? randomUUID();
    ids.set(request, id);
  }
  return id;
}
