import { isIP } from 'node:net';

/**
 * Splits createcall's `sipServiceAddress` ("ip:port") into host and port. IPv6 comes bracketed
 * ("[2001:db8::1]:5060") or bare with the port after the last colon. Null when there is no usable port
 * or the host is not an address/hostname, so the caller can report a bad reply.
 */
export function splitHostPort(address: string): { host: string; port: number } | null {
  const text = address.trim();
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  const [host, portText] = bracketed ? [bracketed[1], bracketed[2]] : splitAtLastColon(text);
  if (!host || !portText || !/^\d{1,5}$/.test(portText)) return null;
  const port = Number(portText);
  if (port < 1 || port > 65_535) return null;
  const isHostname = /^[A-Za-z0-9.-]+$/.test(host) && !host.includes(':');
  if (isIP(host) === 0 && !isHostname) return null;
  return { host, port };
}

function splitAtLastColon(text: string): [string | undefined, string | undefined] {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return [undefined, undefined];
  return [text.slice(0, colon), text.slice(colon + 1)];
}
