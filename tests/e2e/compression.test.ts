// Compression and conditional requests done by server/index.mjs itself (no proxy needed):
// what a browser, a cache and curl see.
import http from 'node:http';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useBuiltServer } from '../helpers/site';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request with Node's http client, which (unlike fetch) does not decode the body. */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(res: Raw): string {
  const encoding = res.headers['content-encoding'];
  const bytes = encoding === 'br' ? zlib.brotliDecompressSync(res.body) : encoding === 'gzip' ? zlib.gunzipSync(res.body) : res.body;
  return bytes.toString('utf8');
}

describe('compression and ETags from the server itself', () => {
  const site = useBuiltServer();
  const url = (path: string) => `${site.server.url}${path}`;

  it('gives a guest page kept in memory one ETag and the same compressed bytes until it changes; 304 on revalidation', async () => {
    await raw(url('/forum'));
    const first = await raw(url('/forum'), { 'accept-encoding': 'gzip' });
    const second = await raw(url('/forum'), { 'accept-encoding': 'gzip' });
    expect(second.headers['x-astro-cache']).toBe('HIT');
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.body.equals(first.body)).toBe(true);
    const revalidated = await raw(url('/forum'), { 'if-none-match': String(second.headers.etag) });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
  });

  it('sends brotli or gzip as the client accepts, decoding to the same page, with Vary', async () => {
    for (const path of ['/forum', '/privacy', '/notices']) {
      const plain = await raw(url(path));
      const br = await raw(url(path), { 'accept-encoding': 'br' });
      const gzip = await raw(url(path), { 'accept-encoding': 'gzip' });
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(br.headers['content-encoding']).toBe('br');
      expect(gzip.headers['content-encoding']).toBe('gzip');
      for (const res of [plain, br, gzip]) expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(decode(br)).toBe(plain.body.toString('utf8'));
      expect(decode(gzip)).toBe(plain.body.toString('utf8'));
      expect(br.body.length).toBeLessThan(plain.body.length / 2);
      expect(Number(br.headers['content-length'])).toBe(br.body.length);
      expect(plain.body.toString('utf8')).toContain('</html>');
    }
    // A browser offering both gets gzip for a page rendered now (as small, and faster, for
    // Korean HTML) and brotli for a file (compressed once, kept).
    expect((await raw(url('/forum'), { 'accept-encoding': 'gzip, deflate, br' })).headers['content-encoding']).toBe('gzip');
    expect((await raw(url('/privacy'), { 'accept-encoding': 'gzip, deflate, br' })).headers['content-encoding']).toBe('br');
    // A client that refuses brotli gets gzip; one that refuses both gets the plain page.
    expect((await raw(url('/forum'), { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await raw(url('/forum'), { 'accept-encoding': 'identity' })).headers['content-encoding']).toBeUndefined();
  });

  it('answers 304 with no body to a matching If-None-Match, and 200 to another', async () => {
    for (const path of ['/forum', '/privacy']) {
      const first = await raw(url(path), { 'accept-encoding': 'br' });
      const etag = first.headers.etag;
      expect(etag).toBeTruthy();
      const again = await raw(url(path), { 'accept-encoding': 'br', 'if-none-match': etag! });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      const other = await raw(url(path), { 'accept-encoding': 'br', 'if-none-match': 'W/"something-else"' });
      expect(other.status).toBe(200);
      expect(decode(other)).toContain('</html>');
    }
  });

  it('compresses the site’s stylesheet and keeps sending the same bytes', async () => {
    const html = (await raw(url('/forum'))).body.toString('utf8');
    const css = html.match(/href="(\/_astro\/[^"]+\.css)"/)?.[1];
    expect(css).toBeTruthy();
    const a = await raw(url(css!), { 'accept-encoding': 'br' });
    const b = await raw(url(css!), { 'accept-encoding': 'br' });
    expect(a.headers['content-encoding']).toBe('br');
    expect(a.headers['content-type']).toMatch(/text\/css/);
    expect(b.body.equals(a.body)).toBe(true);
    expect(decode(a)).toBe((await raw(url(css!))).body.toString('utf8'));
    const revalidated = await raw(url(css!), { 'accept-encoding': 'br', 'if-none-match': a.headers.etag! });
    expect(revalidated.status).toBe(304);
  });

  it('leaves small bodies, binary files and error answers alone', async () => {
    const icon = await raw(url('/favicon.svg'), { 'accept-encoding': 'br' });
    expect(icon.status).toBe(200);
    expect(icon.headers['content-encoding']).toBeUndefined();
    expect(icon.body.toString('utf8')).toContain('<svg');

    // Pagefind's .pf_* files are gzip inside already: passed through byte for byte.
    const entry = JSON.parse(decode(await raw(url('/pagefind/pagefind-entry.json'), { 'accept-encoding': 'br' }))) as { languages: Record<string, { hash: string }> };
    const { hash } = Object.values(entry.languages)[0]!; // e.g. ko_1a2b3c…
    const meta = await raw(url(`/pagefind/pagefind.${hash}.pf_meta`), { 'accept-encoding': 'br, gzip' });
    expect(meta.status).toBe(200);
    expect(meta.headers['content-encoding']).toBeUndefined();
    expect(meta.body.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(true);

    const missing = await raw(url('/forum/t/999999999'), { 'accept-encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await raw(url('/forum'), { 'accept-encoding': 'br' });
    const head = await raw(url('/forum'), { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.headers.etag).toBe(get.headers.etag);
    const staticHead = await raw(url('/privacy'), { 'accept-encoding': 'br' }, 'HEAD');
    expect(staticHead.status).toBe(200);
    expect(staticHead.body.length).toBe(0);
  });
});
