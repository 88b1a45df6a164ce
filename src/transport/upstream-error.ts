/**
 * Typed failures of upstream calls. The GraphQL layer turns them into errors with a stable
 * `extensions.code`; nothing in them may carry a secret (tokens, keys, Authorization values).
 */
export type UpstreamErrorCode =
  /** The vendor did not answer in time (a read; safe to try again later). */
  | 'UPSTREAM_TIMEOUT'
  /** Connection failures, 5xx after retries, or the circuit breaker is open. */
  | 'UPSTREAM_UNAVAILABLE'
  /** The vendor answered with a business failure code or a 4xx. */
  | 'UPSTREAM_REJECTED'
  /** The vendor's reply could not be decoded. */
  | 'UPSTREAM_BAD_RESPONSE'
  /** tokenByAkSk failed, the vendor refused our bearer credentials twice, or CC-CMS refused the signature. */
  | 'UPSTREAM_AUTH_FAILED'
  /** A non-idempotent call (createcall) may or may not have taken effect. */
  | 'UPSTREAM_OUTCOME_UNKNOWN';

export interface UpstreamErrorDetails {
  /** The vendor interface's name (`EndpointDescriptor.name`); the registry types the full list. */
  endpoint: string;
  httpStatus?: number;
  vendorCode?: string;
  vendorMessage?: string;
  cause?: unknown;
}

export class UpstreamError extends Error {
  readonly endpoint: string;
  readonly httpStatus: number | undefined;
  readonly vendorCode: string | undefined;
  readonly vendorMessage: string | undefined;

  constructor(
    readonly code: UpstreamErrorCode,
    message: string,
    details: UpstreamErrorDetails,
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'UpstreamError';
    this.endpoint = details.endpoint;
    this.httpStatus = details.httpStatus;
    this.vendorCode = details.vendorCode;
    this.vendorMessage = details.vendorMessage;
  }
}
