/** Where a request goes: the pool key (`origin`), the request path, and the exact `Host` value sent. */
export interface UpstreamTarget {
  origin: string;
  path: string;
  /** `hostname[:port]` exactly as sent and, for CC-CMS, signed. */
  host: string;
}

/**
 * Joins a configured base URL (which may carry a path prefix, e.g. behind a gateway) with an interface
 * path, without the surprises of `new URL(path, base)` dropping the prefix.
 */
export function upstreamTarget(baseUrl: string, interfacePath: string): UpstreamTarget {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return { origin: base.origin, path: `${prefix}${interfacePath}`, host: base.host };
}
