/**
 * What the lower layers need to know about one vendor interface. Each datasource declares its own
 * descriptor; the transport reads `name`, `repeatSafe` and `timeoutMs`, the upstream client reads
 * `host`, `path` and `auth`.
 */
export interface EndpointDescriptor<Name extends string = string> {
  /** The interface's name in the vendor docs; keys breakers, logs and (later) metrics. */
  readonly name: Name;
  /** Which configured base URL serves it. */
  readonly host: 'cec' | 'cms';
  /** Interface path below the base URL. */
  readonly path: string;
  /** How requests are authenticated: a tokenByAkSk bearer token or the CMS auth-v2 signature. */
  readonly auth: 'none' | 'bearer' | 'cmsSignature';
  /**
   * Whether sending the request twice is harmless. False for createcall: a repeat may place a second
   * call, so it is never retried and a failure after sending means "outcome unknown".
   */
  readonly repeatSafe: boolean;
  /** Overrides UPSTREAM_REQUEST_TIMEOUT_MS for this interface. */
  readonly timeoutMs?: number;
}

/** Declares a descriptor, keeping its name as a literal type so registries can derive name unions. */
export function defineEndpoint<const Name extends string>(
  descriptor: EndpointDescriptor<Name>,
): EndpointDescriptor<Name> {
  return descriptor;
}
