import { type CORSOptions, createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * What a web page on another origin may do with this server: read answers only when its origin is
 * listed in CORS_ORIGINS, and never run an operation through a request a browser sends without asking
 * first (a "simple" request: an HTML form, or fetch with a form or text/plain body).
 */

/** The only request body this server executes; browsers preflight it, so CORS decides who may send it. */
const JSON_MEDIA_TYPES = ['application/json', 'application/graphql+json'] as const;

/** The headers a browser client needs to send: its token, the body type, the answer type, a trace id. */
const ALLOWED_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Accept', 'X-Request-Id'];

/** Seconds a browser may reuse a preflight answer; short, so that removing an origin takes effect soon. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

function originSet(origins: readonly string[]): ReadonlySet<string> {
  // The config accepts "https://app.example.com/" as well; browsers send the origin without the slash.
  return new Set(origins.map((origin) => new URL(origin).origin));
}

/**
 * The `cors` option of yoga: CORS headers for listed origins only, nothing for any other origin (an
 * empty list allows none; yoga's own handling of a list would reflect every origin for an empty one,
 * and answer `null`, which sandboxed pages match, for an unlisted one).
 *
 * `credentials: false`: clients authenticate with a bearer token that their code puts in the
 * Authorization header, which CORS allows without credentials. "Credentials" in CORS are what the
 * browser attaches by itself (cookies, HTTP authentication, TLS client certificates); this server
 * uses none, and refusing them means no page can ride on whatever a browser holds for this host.
 */
export function corsPolicy(origins: readonly string[]): (request: Request) => CORSOptions {
  const allowed = originSet(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return {
      origin,
      credentials: false,
      methods: ['GET', 'POST'],
      allowedHeaders: ALLOWED_REQUEST_HEADERS,
      maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    };
  };
}

/** The same test yoga's JSON request parser applies, so a POST either reaches that parser or is refused. */
function hasJsonBody(request: Request): boolean {
  const contentType = request.headers.get('content-type')?.split(',')[0] ?? '';
  return JSON_MEDIA_TYPES.some((type) => contentType === type || contentType.startsWith(`${type};`));
}

/**
 * One yoga plugin for the rest of browser safety:
 * - CSRF prevention: a POST whose body is not JSON (form-encoded, multipart, text/plain, no
 *   Content-Type, and every other type) is refused with 415 UNSUPPORTED_MEDIA_TYPE before its body is
 *   read. Those are the bodies a page on any origin can make a browser send without a preflight.
 *   GET needs no such guard: it never runs a mutation (yoga refuses that with 405), a browser attaches
 *   no bearer token to a request a page did not write itself, and without CORS the page cannot read
 *   the answer. So GET queries from GraphiQL, curl or a link keep working without a special header.
 * - A preflight from an unlisted origin is answered 403 rather than yoga's header-less 204, so a
 *   refused origin shows as refused in the browser's network panel.
 * - `Vary: Origin` on every answer once origins are listed, because the CORS headers differ by origin.
 */
export function useBrowserSafety(origins: readonly string[]): Plugin {
  const allowed = originSet(origins);
  return {
    onRequestParse({ request }) {
      if (request.method !== 'POST' || hasJsonBody(request)) return;
      throw createGraphQLError(
        'POST requests must send the operation as JSON, with Content-Type: application/json.',
        {
          extensions: {
            code: 'UNSUPPORTED_MEDIA_TYPE',
            http: { status: 415, headers: { 'Accept-Post': 'application/json' } },
          },
        },
      );
    },
    onResponse({ request, response, setResponse, fetchAPI }) {
      const origin = request.headers.get('origin');
      const preflight = request.method === 'OPTIONS' && request.headers.has('access-control-request-method');
      let answer = response;
      if (preflight && (origin === null || !allowed.has(origin))) {
        answer = new fetchAPI.Response(null, { status: 403, headers: { 'Content-Length': '0' } });
        setResponse(answer);
      }
      if (allowed.size > 0) answer.headers.append('Vary', 'Origin');
    },
  };
}
