import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../support/harness.js';

// Compressed answers and GraphiQL's validators over real HTTP (issue 11, compression and caching).
// undici's request() leaves bodies as sent, so the bytes on the wire are what is asserted.

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
}

async function get(url: string | URL, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const res = await request(url, { headers });
  return { status: res.statusCode, headers: res.headers, bytes: Buffer.from(await res.body.arrayBuffer()) };
}

function decoded(answer: RawAnswer): string {
  const encoding = answer.headers['content-encoding'];
  if (encoding === 'gzip') return gunzipSync(answer.bytes).toString('utf8');
  if (encoding === 'br') return brotliDecompressSync(answer.bytes).toString('utf8');
  if (encoding === undefined) return answer.bytes.toString('utf8');
  throw new Error(`unexpected content-encoding ${String(encoding)}`);
}

const PAGE = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

describe('GraphiQL, compressed and revalidated', () => {
  const harness = useHarness();

  const page = () => get(harness.url, { ...PAGE, 'accept-encoding': 'gzip' });
  const assetPaths = (html: string) =>
    [...html.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)].map((m) => m[1]);

  it('serves a small gzip page that decompresses to GraphiQL and links its assets', async () => {
    const answer = await page();
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers.vary).toMatch(/Accept-Encoding/i);
    expect(answer.headers['cache-control']).toBe('no-cache');
    const html = decoded(answer);
    expect(html).toContain('<title>cec-graphql</title>');
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(html).toContain('query AccessCodes');
    // The 9 MB bundle is not inlined any more: the page is a few kilobytes.
    expect(html.length).toBeLessThan(20_000);
    expect(answer.bytes.length).toBeLessThan(html.length);
    expect(assetPaths(html)).toEqual([
      expect.stringMatching(/^\/graphiql\/favicon-[\w-]{16}\.ico$/),
      expect.stringMatching(/^\/graphiql\/graphiql-[\w-]{16}\.css$/),
      expect.stringMatching(/^\/graphiql\/graphiql-[\w-]{16}\.js$/),
    ]);
  });

  it('answers 304 without a body when the page has not changed', async () => {
    const first = await page();
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]{16}-gzip"$/);
    const again = await get(harness.url, { ...PAGE, 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    // The page's example times move by the minute; then its ETag does too.
    harness.clock.advance(60_000);
    const later = await get(harness.url, { ...PAGE, 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(later.status).toBe(200);
    expect(later.headers.etag).not.toBe(etag);
  });

  it('serves the script bundle at a content-hashed URL, immutable, brotli for a browser, 304 on revalidation', async () => {
    const html = decoded(await page());
    const script = assetPaths(html).find((path) => path?.endsWith('.js'));
    if (!script) throw new Error('no script asset in the page');
    const url = new URL(script, harness.url);

    const answer = await get(url, { 'accept-encoding': BROWSER_ENCODINGS });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const source = decoded(answer);
    expect(source).toContain('MonacoEnvironment');
    expect(source.length).toBeGreaterThan(8_000_000);
    expect(answer.bytes.length).toBeLessThan(2_000_000);

    const gzip = await get(url, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decoded(gzip)).toBe(source);
    const plain = await get(url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.toString('utf8')).toBe(source);

    const revalidated = await get(url, {
      'accept-encoding': BROWSER_ENCODINGS,
      'if-none-match': String(answer.headers.etag),
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.bytes.length).toBe(0);
  });

  it('serves the stylesheet and the favicon as assets too, and 404 for an unknown asset', async () => {
    const html = decoded(await page());
    for (const path of assetPaths(html)) {
      const answer = await get(new URL(path ?? '', harness.url), { 'accept-encoding': 'gzip' });
      expect(answer.status, path).toBe(200);
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await get(new URL('/graphiql/graphiql-0000000000000000.js', harness.url))).status).toBe(404);
  });
});

describe('GraphQL answers', () => {
  const harness = useHarness();
  const LARGE = '{ softphones(first: 100) { edges { node { phoneNumber status remark } } } }';

  const post = async (query: string, headers: Record<string, string>): Promise<RawAnswer> => {
    const res = await request(harness.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    return { status: res.statusCode, headers: res.headers, bytes: Buffer.from(await res.body.arrayBuffer()) };
  };

  it('are compressed when large and the client accepts it, and decompress to the same JSON', async () => {
    const plain = await post(LARGE, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gzip = await post(LARGE, { 'accept-encoding': 'gzip' });
    expect(gzip.status).toBe(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gzip.headers['content-type']).toMatch(/^application\/(graphql-response\+)?json/);
    expect(JSON.parse(decoded(gzip))).toEqual(JSON.parse(decoded(plain)));
    expect(gzip.bytes.length).toBeLessThan(plain.bytes.length / 3);

    const br = await post(LARGE, { 'accept-encoding': 'gzip;q=0.5, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(decoded(br))).toEqual(JSON.parse(decoded(plain)));
  });

  it('stay as they are when small, or when the client refuses every encoding', async () => {
    const small = await post('{ __typename }', { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(decoded(small))).toEqual({ data: { __typename: 'Query' } });
    const refused = await post(LARGE, { 'accept-encoding': 'gzip;q=0, br;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.headers.vary).toMatch(/Accept-Encoding/i);
  });
});
