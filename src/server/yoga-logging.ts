import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { isReportedElsewhere, requestIdOfLogged } from '../schema/errors.js';

/**
 * yoga's own log calls on our logger. yoga reports each error it masks by logging the error itself,
 * whose string form quotes the operation's source (literal arguments, phone numbers among them): such
 * a line keeps only the message's first line. It goes to debug when the error is already logged where
 * it belongs (an unexpected one by logUnexpectedErrors, an upstream one by the transport); an error of
 * yoga's request hooks, which nothing else logs, keeps yoga's level. Every line says `reportedBy: 'yoga'`;
 * yoga names no request, so only a line about an error already logged with its request id repeats it.
 */
export function yogaLogging(logger: Logger): YogaLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      const [first, ...rest] = args;
      if (first instanceof Error) {
        const message = first.message.split('\n', 1)[0] || first.name;
        const requestId = requestIdOfLogged(first);
        const fields = {
          error: { name: first.name, message },
          reportedBy: 'yoga',
          ...(requestId ? { requestId } : {}),
        };
        logger[isReportedElsewhere(first) ? 'debug' : level](message, fields);
        return;
      }
      logger[level](String(first), { reportedBy: 'yoga', ...(rest.length > 0 ? { args: rest } : {}) });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
