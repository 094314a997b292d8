// Compression and conditional requests for every 200 text response (pages, CSS, JS, JSON,
// XML, SVG, Pagefind's JS/JSON), done here so that a deployment without a reverse proxy
// gets them too. The response is buffered (pages are tens of KB; a whole body gives an ETag
// and a Content-Length), then:
//   - ETag: the one the handler set (static files, Pagefind), else a weak hash of the
//     uncompressed body; a matching If-None-Match gets 304 with no body. The ETag is a
//     function of the bytes, so a 304 can only confirm what that viewer already holds.
//     A response that sets a cookie never gets a hash ETag or a 304.
//   - gzip or brotli by Accept-Encoding (see FAST and BEST for which is preferred when),
//     `Vary: Accept-Encoding` on every compressible type.
// Left alone: other statuses, bodies under 1 KB, binary types (images, Pagefind's .pf_*
// files, which are gzip already), responses that already carry Content-Encoding, and
// bodies that grow past MAX_BUFFER (sent on uncompressed, as they come).
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';

// text/event-stream is excluded: buffering would hold a live stream back.
const COMPRESSIBLE = /^(?!text\/event-stream)(?:text\/|application\/(?:json|javascript|xml|rss\+xml|atom\+xml|manifest\+json)|image\/svg\+xml)/i;
const MIN_BYTES = 1024;
const MAX_BUFFER = 8 * 1024 * 1024;
// Best-level brotli takes ~0.1 s a 100 KB: larger files get the fast level, not a stall.
const BEST_MAX_BYTES = 1024 * 1024;
const FILE_CACHE_BYTES = 32 * 1024 * 1024;

// Per-request compression (pages rendered for this request): gzip -6 is preferred when the
// client takes it. Measured on the portal's pages (26.8 KB case list, 8.1 KB thread):
// gzip -6 0.17 / 0.05 ms → 7,232 / 3,432 bytes; brotli q4 0.26 / 0.12 ms → 7,371 / 3,398
// bytes: brotli's dictionary does not help Korean HTML, so it cost more for no fewer bytes.
// Brotli's window is sized to the body (its default 4 MB window costs more to set up than a
// page takes to compress).
const window = (body) => Math.min(22, Math.max(16, Math.ceil(Math.log2(body.length + 1))));
const FAST = {
  br: (body) =>
    zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: window(body), [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  gzip: (body) => zlib.gzipSync(body, { level: 6 }),
};
// Files (anything the handler gave an ETag: /_astro/*, prerendered pages, Pagefind) are
// compressed once at the best level, brotli preferred, and kept in memory by path + ETag.
const BEST = {
  br: (body) => zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  gzip: (body) => zlib.gzipSync(body, { level: 9 }),
};

/** Compressed copies of files, keyed by path + ETag + encoding; oldest out first. */
const fileCache = new Map();
let fileBytes = 0;

function rememberFile(key, value) {
  fileCache.set(key, value);
  fileBytes += value.length;
  for (const [oldKey, old] of fileCache) {
    if (fileBytes <= FILE_CACHE_BYTES) break;
    fileCache.delete(oldKey);
    fileBytes -= old.length;
  }
}

/** The first of `preference` the Accept-Encoding header allows (q=0 refuses), or undefined. */
export function chooseEncoding(header, preference = ['br', 'gzip']) {
  if (!header) return undefined;
  const offered = new Map();
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    offered.set(name, q ? Number(q.slice(2)) : 1);
  }
  const accepts = (name) => (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  return preference.find(accepts);
}

function etagMatches(header, etag) {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (tag) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => bare(tag) === bare(etag));
}

function addVary(res, value) {
  const current = res.getHeader('vary');
  const list = current ? String(current).split(',').map((v) => v.trim()) : [];
  if (list.includes('*') || list.some((v) => v.toLowerCase() === value.toLowerCase())) return;
  res.setHeader('vary', [...list, value].join(', '));
}

function applyHeaders(res, headers) {
  if (!headers) return;
  if (Array.isArray(headers)) {
    // Raw [name, value, name, value…] or [[name, value]…].
    if (Array.isArray(headers[0])) for (const [name, value] of headers) res.setHeader(name, value);
    else for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(headers[i], headers[i + 1]);
    return;
  }
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
}

/**
 * Wraps `res` so that an eligible response is buffered, then sent compressed or as a 304.
 * Call before handing `req`/`res` to the handler.
 */
export function compressResponses(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return;
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  /** undefined: not decided yet; false: pass through; true: buffering. */
  let buffering;
  let statusMessage;
  const chunks = [];
  let size = 0;

  const restore = () => {
    res.writeHead = original.writeHead;
    res.write = original.write;
    res.end = original.end;
  };

  const decide = () => {
    if (buffering !== undefined) return;
    const type = String(res.getHeader('content-type') ?? '');
    buffering = res.statusCode === 200 && COMPRESSIBLE.test(type) && !res.getHeader('content-encoding');
    // Every answer for a compressible type varies by Accept-Encoding, even one we leave alone
    // (a 404, a small body), so a shared cache never hands gzip to a client that cannot read it.
    if (COMPRESSIBLE.test(type)) addVary(res, 'Accept-Encoding');
    if (!buffering) {
      restore();
      if (pendingHead) original.writeHead.call(res, res.statusCode, statusMessage);
    }
  };
  let pendingHead = false;

  const flushUncompressed = () => {
    // Too large to buffer: send what we have and stream the rest as it comes.
    buffering = false;
    restore();
    original.writeHead.call(res, res.statusCode, statusMessage);
    for (const chunk of chunks) original.write.call(res, chunk);
    chunks.length = 0;
  };

  res.writeHead = function writeHead(status, reason, headers) {
    if (typeof reason !== 'string') {
      headers = reason;
      reason = undefined;
    }
    res.statusCode = status;
    statusMessage = reason;
    applyHeaders(res, headers);
    pendingHead = true;
    decide();
    return res;
  };

  res.write = function write(chunk, encoding, callback) {
    decide();
    if (!buffering) return res.write(chunk, encoding, callback);
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : Buffer.from(chunk);
    chunks.push(buffer);
    size += buffer.length;
    if (typeof encoding === 'function') encoding();
    else if (typeof callback === 'function') callback();
    if (size > MAX_BUFFER) flushUncompressed();
    return true;
  };

  res.end = function end(chunk, encoding, callback) {
    if (typeof chunk === 'function') {
      callback = chunk;
      chunk = undefined;
    } else if (typeof encoding === 'function') {
      callback = encoding;
      encoding = undefined;
    }
    decide();
    if (!buffering) return res.end(chunk, encoding, callback);
    if (chunk !== undefined && chunk !== null) res.write(chunk, encoding);
    if (!buffering) return res.end(callback);
    restore();
    const body = Buffer.concat(chunks, size);
    // HEAD: Node drops the body but we still have it when the handler wrote one (Astro
    // renders pages for HEAD); with nothing written, only pass the headers on.
    if (req.method === 'HEAD' && body.length === 0) {
      original.writeHead.call(res, res.statusCode, statusMessage);
      return original.end.call(res, callback);
    }
    let etag = res.getHeader('etag');
    // With an ETag from the handler (static files, Pagefind, kept guest pages) the compressed
    // bytes are kept by path + ETag. Files get the best level, brotli first; a page from the
    // guest page cache (X-Astro-Cache) is dropped at the next write, so it gets the fast level.
    const keep = !!etag;
    const file = keep && !res.hasHeader('x-astro-cache');
    // A response that sets a cookie is never answered 304 (the cookie must reach the client).
    const setsCookie = res.hasHeader('set-cookie');
    if (!etag && !setsCookie) {
      etag = `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;
      res.setHeader('etag', etag);
    }
    if (etag && !setsCookie && etagMatches(req.headers['if-none-match'], String(etag))) {
      for (const name of ['content-length', 'content-type', 'transfer-encoding']) res.removeHeader(name);
      original.writeHead.call(res, 304);
      return original.end.call(res, callback);
    }
    const encoding_ = body.length >= MIN_BYTES ? chooseEncoding(req.headers['accept-encoding'], file ? ['br', 'gzip'] : ['gzip', 'br']) : undefined;
    let out = body;
    if (encoding_) {
      if (keep && body.length <= BEST_MAX_BYTES) {
        const key = `${(req.url ?? '').split('?')[0]}\n${etag}\n${encoding_}`;
        out = fileCache.get(key);
        if (!out) {
          out = (file ? BEST : FAST)[encoding_](body);
          rememberFile(key, out);
        }
      } else {
        out = FAST[encoding_](body);
      }
      res.setHeader('content-encoding', encoding_);
      // A strong ETag names exact bytes; the compressed bytes differ, so it becomes weak.
      if (!String(etag).startsWith('W/')) res.setHeader('etag', `W/${etag}`);
    }
    res.removeHeader('transfer-encoding');
    res.setHeader('content-length', out.length);
    original.writeHead.call(res, res.statusCode, statusMessage);
    return original.end.call(res, out, callback);
  };
}
