import type { Plugin } from 'graphql-yoga';
import { requestIdOf } from './request-id.js';

/**
 * The response echoes the request id in `x-request-id`, taken from the client's header or made here.
 * The lines a request causes carry the same id: the context's logger and the operation scope's log
 * fields (upstream calls) are made with it.
 */
export function useRequestContext(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}
