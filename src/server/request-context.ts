import type { Plugin } from 'graphql-yoga';
import { withLogContext } from '../logger.js';
import { requestIdOf } from './request-id.js';

/**
 * Every request runs in a log context holding its id, so each line it causes, in any layer (the
 * upstream call lines, an error yoga logs itself), carries `requestId`; the response echoes the id in
 * `x-request-id`, taken from the client's header or made here.
 */
export function useRequestContext(): Plugin {
  return {
    instrumentation: {
      request: ({ request }, wrapped) => withLogContext({ requestId: requestIdOf(request) }, wrapped),
    },
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}
