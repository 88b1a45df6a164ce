import { readText } from '../http/fields.js';
import { jsonReply } from '../http/reply.js';
import { readBearerRequest } from './bearer-guard.js';
import type { EndpointHandler, HandlerContext } from './context.js';

const CALLED_INFO_MAX_LENGTH = 32;

/** POST /apiaccess/CC-Management/v1/mobileAgent/getCalledInfo (bearer token). */
export function calledInfoHandler(context: HandlerContext): EndpointHandler {
  return (request) => {
    const read = readBearerRequest(context, request, { appKeyRequired: false });
    if (!read.ok) return read.reply;
    const body = read.body;
    // The page's own example sends the numbers as JSON numbers, so those are read as text too.
    for (const field of ['caller', 'called'] as const) {
      const value = readText(body[field]);
      if (value.kind !== 'ok' || value.value.trim() === '' || value.value.length > CALLED_INFO_MAX_LENGTH) {
        // retCode 4 ("called party ID cannot be obtained") is the simulator's answer to bad input (README).
        return jsonReply(200, { retMsg: `${field} is mandatory, at most 32 characters`, retCode: '4' });
      }
    }
    const called = String(body.called);
    const route = context.dataset.routeFor(called);
    if (!route) return jsonReply(200, { retMsg: 'Called is not configured', retCode: '5' });
    return jsonReply(200, {
      retMsg: 'success',
      retCode: '0',
      result: {
        devType: route.devType,
        called: route.called,
        skillId: route.skillId,
        skillName: route.skillName,
      },
    });
  };
}
