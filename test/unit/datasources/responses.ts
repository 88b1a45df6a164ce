import type { InboundResponse } from '../../../src/transport/http-transport.js';

/** A vendor reply as the transport hands it over. */
export const reply = (body: unknown, status = 200): InboundResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** Captures a synchronous throw for matching with toMatchObject. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
