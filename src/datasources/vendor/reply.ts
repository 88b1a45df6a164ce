import type { z } from 'zod';
import type { InboundResponse } from '../../transport/http-transport.js';
import { UpstreamError } from '../../transport/upstream-error.js';
import { parseExactJson } from './exact-json.js';
import { codeOf, isRecord, messageOf } from './lenient.js';

/**
 * Turning a vendor HTTP reply into either decoded data or an `UpstreamError`: shared by every datasource
 * so statuses map the same way everywhere. Messages name the endpoint and what was wrong, never values
 * from the request (which may hold credentials).
 */

/** Decodes a 2xx JSON body with `schema`; any other status, or an undecodable body, throws. */
export function decodeReply<T extends z.ZodType>(
  endpoint: string,
  response: InboundResponse,
  schema: T,
): z.output<T> {
  if (response.status < 200 || response.status > 299) throw httpFailure(endpoint, response);
  return decodeValue(endpoint, parseJson(endpoint, response), schema, response.status);
}

/**
 * The JSON object of a 2xx reply, for decoders that read their fields by hand (hot paths: one check of
 * the envelope, plain functions per item); any other status, or a body that is not an object, throws.
 */
export function decodeRecord(endpoint: string, response: InboundResponse): Record<string, unknown> {
  if (response.status < 200 || response.status > 299) throw httpFailure(endpoint, response);
  const value = parseJson(endpoint, response);
  if (!isRecord(value)) throw shapeMismatch(endpoint, '(root)', 'expected an object', response.status);
  return value;
}

/** Decodes an already parsed value (e.g. one field whose shape depends on the result code). */
export function decodeValue<T extends z.ZodType>(
  endpoint: string,
  value: unknown,
  schema: T,
  httpStatus: number,
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    // Paths and zod's messages only: the values may be vendor data we do not want in errors.
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw badResponse(
      endpoint,
      `reply does not match the documented shape (${where})`,
      httpStatus,
      parsed.error,
    );
  }
  return parsed.data;
}

/**
 * The error for a reply whose value at `path` (e.g. `data.calledRouteList.3.accessCode`) is not what the
 * interface documents, worded as a schema mismatch: the path and what was expected, never the value.
 */
export function shapeMismatch(endpoint: string, path: string, expected: string, httpStatus: number) {
  return badResponse(
    endpoint,
    `reply does not match the documented shape (${path}: ${expected})`,
    httpStatus,
  );
}

/** A list field that may be absent or null (empty); anything but an array there is a shape mismatch. */
export function listAt(
  endpoint: string,
  value: unknown,
  path: string,
  httpStatus: number,
): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw shapeMismatch(endpoint, path, 'expected an array', httpStatus);
  return value;
}

export function parseJson(endpoint: string, response: InboundResponse): unknown {
  try {
    return parseExactJson(response.body);
  } catch (error) {
    throw badResponse(endpoint, 'reply is not valid JSON', response.status, error);
  }
}

/** The error for a non-2xx status, with whatever code and message the body offers. */
export function httpFailure(endpoint: string, response: InboundResponse): UpstreamError {
  const { status } = response;
  const vendor = vendorFields(response.body);
  const details = { endpoint, httpStatus: status, ...vendor };
  const suffix = vendor.vendorMessage ? `: ${vendor.vendorMessage}` : '';
  if (status === 401 || status === 403) {
    return new UpstreamError(
      'UPSTREAM_AUTH_FAILED',
      `${endpoint}: credentials refused (HTTP ${status})${suffix}`,
      details,
    );
  }
  if (status === 429) {
    return new UpstreamError(
      'UPSTREAM_UNAVAILABLE',
      `${endpoint}: rate limited (HTTP 429)${suffix}`,
      details,
    );
  }
  if (status >= 500) {
    return new UpstreamError(
      'UPSTREAM_UNAVAILABLE',
      `${endpoint}: vendor failure (HTTP ${status})${suffix}`,
      details,
    );
  }
  if (status >= 400) {
    return new UpstreamError(
      'UPSTREAM_REJECTED',
      `${endpoint}: request rejected (HTTP ${status})${suffix}`,
      details,
    );
  }
  return new UpstreamError('UPSTREAM_BAD_RESPONSE', `${endpoint}: unexpected HTTP ${status}`, details);
}

/** A business failure the vendor reported in a 2xx reply. */
export function vendorRejection(
  endpoint: string,
  vendorCode: string,
  vendorMessage: string | null,
  httpStatus = 200,
): UpstreamError {
  const text = vendorMessage ? `: ${vendorMessage}` : '';
  return new UpstreamError('UPSTREAM_REJECTED', `${endpoint}: vendor code ${vendorCode}${text}`, {
    endpoint,
    httpStatus,
    vendorCode,
    ...(vendorMessage ? { vendorMessage } : {}),
  });
}

export function badResponse(
  endpoint: string,
  what: string,
  httpStatus?: number,
  cause?: unknown,
): UpstreamError {
  return new UpstreamError('UPSTREAM_BAD_RESPONSE', `${endpoint}: ${what}`, { endpoint, httpStatus, cause });
}

const CODE_KEYS = ['retCode', 'returnCode', 'resultCode', 'errorCode', 'code'];
const MESSAGE_KEYS = ['retMsg', 'resultDesc', 'description', 'message', 'error'];

/** Best-effort vendor code and message from an error body of any of the documented envelopes. */
function vendorFields(body: string): { vendorCode?: string; vendorMessage?: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {};
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  const record = json as Record<string, unknown>;
  const out: { vendorCode?: string; vendorMessage?: string } = {};
  for (const key of CODE_KEYS) {
    const code = codeOf(record[key]);
    if (code !== null) {
      out.vendorCode = code;
      break;
    }
  }
  for (const key of MESSAGE_KEYS) {
    const message = messageOf(record[key]);
    if (message !== null) {
      out.vendorMessage = message;
      break;
    }
  }
  return out;
}
