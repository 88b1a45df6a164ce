import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { requestIdOf } from './request-id.js';

/**
 * Response compression. Not @whatwg-node/server's useContentEncoding: that package is not one of our
 * declared dependencies, and its plugin also inflates compressed request bodies (a decompression bomb
 * past MAX_REQUEST_BYTES), takes only the first listed encoding without reading q-values, and sends no
 * `Vary: Accept-Encoding`, which shared caches need. node:zlib runs on the thread pool, off the event loop.
 */
export type ContentEncoding = 'br' | 'gzip';

/** Below this a compressed body is hardly smaller, and not worth the CPU. */
export const MIN_COMPRESSED_BYTES = 1024;

/** Text the server sends; event streams and multipart are incremental and must not be buffered. */
const COMPRESSIBLE =
  /^(application\/(json|graphql-response\+json|javascript)|text\/(html|css|plain|javascript)|image\/(svg\+xml|x-icon|vnd\.microsoft\.icon))\b/i;

export function isCompressible(contentType: string | null): boolean {
  return contentType !== null && COMPRESSIBLE.test(contentType.trim());
}

/** The best encoding the client accepts (q > 0), brotli before gzip on a tie; null: send it as is. */
export function negotiateEncoding(acceptEncoding: string | null): ContentEncoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [token = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (token === '') continue;
    const q = params.find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(token === 'x-gzip' ? 'gzip' : token, Number.isFinite(weight) ? weight : 0);
  }
  const wildcard = weights.get('*') ?? 0;
  const br = weights.get('br') ?? wildcard;
  const gz = weights.get('gzip') ?? wildcard;
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? 'br' : 'gzip';
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * 'dynamic': fast settings, for answers made per request. 'static': for assets compressed once per process,
 * while their first visitor waits: brotli 5 packs the 9 MB GraphiQL bundle to 1.98 MB in 0.5 s, where 9
 * gains 4 % for 1.4 s (and ten times that on a busy machine); gzip 9 gains under 1 % over 6.
 */
export function compressBody(
  body: Uint8Array,
  encoding: ContentEncoding,
  effort: 'dynamic' | 'static',
): Promise<Buffer> {
  if (encoding === 'gzip') return gzipAsync(body, { level: 6 });
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: effort === 'static' ? 5 : 4,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
    },
  });
}

/** Adds a token to `Vary` unless it is there already (browser safety may have set `Vary: Origin`). */
export function appendVary(headers: Headers, token: string): void {
  const current = headers.get('vary');
  if (!current) {
    headers.set('vary', token);
    return;
  }
  const tokens = current.split(',').map((part) => part.trim().toLowerCase());
  if (!tokens.includes(token.toLowerCase()) && !tokens.includes('*'))
    headers.set('vary', `${current}, ${token}`);
}

/**
 * Compresses answers of at least MIN_COMPRESSED_BYTES whose type is text, for clients that accept br or
 * gzip. Answers that negotiated their own encoding (the GraphiQL assets, with `Vary: Accept-Encoding`)
 * are left alone. Keep it the last plugin, so that it compresses what the others have finished.
 */
export function useCompression(logger: Logger): Plugin {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (!shouldConsider(request, response)) return;
      // Every answer of a compressible type may come compressed, so shared caches must key it by encoding.
      appendVary(response.headers, 'Accept-Encoding');
      const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
      // Nothing to do for a client that takes no encoding: its answer is not even read here.
      // Read `body` only now: for an answer made from a string, that allocates a stream.
      if (encoding === null || response.body === null) return;
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (Number.isFinite(declared) && declared < MIN_COMPRESSED_BYTES) return;
      let body: Uint8Array<ArrayBuffer>;
      try {
        // Read once: the body of a Response cannot be sent after it was read.
        body = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        // This hook's rejections would reach the HTTP server (and crash the process): answer instead.
        logger.error('response body could not be read for compression', {
          requestId: requestIdOf(request),
          error,
        });
        setResponse(new fetchAPI.Response(null, { status: 500 }));
        return;
      }
      const headers = new fetchAPI.Headers(response.headers);
      const init = { status: response.status, statusText: response.statusText, headers };
      if (body.byteLength < MIN_COMPRESSED_BYTES) {
        setResponse(new fetchAPI.Response(body, init));
        return;
      }
      let compressed: Uint8Array<ArrayBuffer>;
      try {
        compressed = new Uint8Array(await compressBody(body, encoding, 'dynamic'));
      } catch (error) {
        // Answer uncompressed rather than not at all.
        logger.warn('response compression failed', { requestId: requestIdOf(request), encoding, error });
        setResponse(new fetchAPI.Response(body, init));
        return;
      }
      headers.set('content-encoding', encoding);
      headers.delete('content-length');
      // Another representation: a strong validator of the uncompressed bytes no longer applies as such.
      const etag = headers.get('etag');
      if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
      setResponse(new fetchAPI.Response(compressed, init));
    },
  };
}

function shouldConsider(request: Request, response: Response): boolean {
  if (request.method === 'HEAD') return false;
  if (response.status === 204 || response.status === 304) return false;
  if (response.headers.has('content-encoding')) return false;
  if (/accept-encoding/i.test(response.headers.get('vary') ?? '')) return false;
  if (/\bno-transform\b/i.test(response.headers.get('cache-control') ?? '')) return false;
  return isCompressible(response.headers.get('content-type'));
}
