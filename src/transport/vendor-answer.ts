import type { InboundResponse } from './http-transport.js';

/** The result-code keys of the vendor envelopes (queryAccessCodeList, queryPhone/getCalledInfo, createcall/querycalls). */
const RESULT_CODE_KEYS = ['returnCode', 'retCode', 'resultCode'] as const;

/**
 * Whether a 5xx carries a vendor result code. The vendor documents HTTP 500 as "business failure:
 * check the parameters", so such an answer is deterministic: repeating it or counting it against the
 * circuit breaker would only punish everyone for one caller's bad input.
 */
export function isVendorBusinessAnswer(response: InboundResponse): boolean {
  if (response.status < 500 || !response.body.startsWith('{')) return false;
  try {
    const parsed: unknown = JSON.parse(response.body);
    if (typeof parsed !== 'object' || parsed === null) return false;
    return RESULT_CODE_KEYS.some((key) => {
      const code = (parsed as Record<string, unknown>)[key];
      return (typeof code === 'string' && code.length > 0) || typeof code === 'number';
    });
  } catch {
    return false;
  }
}
