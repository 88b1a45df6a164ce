/**
 * A failure the client caused or can act on, raised below the schema (a range outside the vendor's
 * window, a page past its offset ceiling). It reaches the client unmasked, with its own code.
 */
export class ClientError extends Error {
  constructor(
    readonly code: 'BAD_USER_INPUT' | 'PAGINATION_LIMIT_EXCEEDED' | 'TOTAL_COUNT_UNAVAILABLE',
    message: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ClientError';
  }
}
