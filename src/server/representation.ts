import { createHash } from 'node:crypto';
import {
  appendVary,
  type ContentEncoding,
  compressBody,
  isCompressible,
  MIN_COMPRESSED_BYTES,
  negotiateEncoding,
} from './compression.js';

type FetchAPI = { Response: typeof Response; Headers: typeof Headers };

/**
 * One resource's bytes served with validators: an ETag per encoding (the content hash, plus `-br` or
 * `-gzip`), a 304 when the client's If-None-Match names it, and the body compressed once per encoding
 * and kept (for an asset that lives as long as the process; a per-request page is simply dropped).
 */
export class Representation {
  /** A base64url SHA-256 prefix of the bytes: names the content in ETags and asset URLs. */
  readonly hash: string;
  private readonly body: Uint8Array<ArrayBuffer>;
  private readonly encoded = new Map<ContentEncoding, Promise<Uint8Array<ArrayBuffer>>>();

  constructor(
    content: string | Uint8Array,
    readonly contentType: string,
    private readonly effort: 'dynamic' | 'static',
  ) {
    this.body = typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content);
    this.hash = createHash('sha256').update(this.body).digest('base64url').slice(0, 16);
  }

  async respond(request: Request, fetchAPI: FetchAPI, cacheControl: string): Promise<Response> {
    const compressible = isCompressible(this.contentType) && this.body.byteLength >= MIN_COMPRESSED_BYTES;
    const encoding = compressible ? negotiateEncoding(request.headers.get('accept-encoding')) : null;
    const etag = `"${this.hash}${encoding ? `-${encoding}` : ''}"`;
    const headers = new fetchAPI.Headers({ etag, 'cache-control': cacheControl });
    if (compressible) appendVary(headers, 'Accept-Encoding');
    if (matches(request.headers.get('if-none-match'), etag)) {
      return new fetchAPI.Response(null, { status: 304, headers });
    }
    headers.set('content-type', this.contentType);
    if (encoding === null) return new fetchAPI.Response(this.body, { status: 200, headers });
    headers.set('content-encoding', encoding);
    return new fetchAPI.Response(await this.encode(encoding), { status: 200, headers });
  }

  private encode(encoding: ContentEncoding): Promise<Uint8Array<ArrayBuffer>> {
    let pending = this.encoded.get(encoding);
    if (!pending) {
      pending = compressBody(this.body, encoding, this.effort).then((bytes) => new Uint8Array(bytes));
      // A failure is not kept: the next request tries again.
      pending.catch(() => this.encoded.delete(encoding));
      this.encoded.set(encoding, pending);
    }
    return pending;
  }
}

/** If-None-Match uses the weak comparison: `W/"x"` matches `"x"`; `*` matches any. */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
