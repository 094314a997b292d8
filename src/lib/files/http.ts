// The HTTP side of serving a stored file: headers (Content-Disposition with the Korean name
// per RFC 6266/5987, caching, a sandboxing CSP), conditional requests and byte ranges.
import type { Servable } from './files';
import type { BlobStore } from './store';
import type { Database } from '../db/client';

/** `attachment; filename="ascii"; filename*=UTF-8''…` — every current browser reads filename*. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.normalize('NFC').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name.normalize('NFC')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** One byte range from a Range header; 'invalid' when it cannot be satisfied, undefined to send everything. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | 'invalid' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined; // several ranges or another unit: send it all (allowed by RFC 9110)
  const [, from, to] = match;
  if (from === '' && to === '') return 'invalid';
  let start: number;
  let end: number;
  if (from === '') {
    start = Math.max(0, size - Number(to));
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

function stream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream({
    // Pull: the next chunk is read from the database only when the client has taken the last.
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

export function fileResponse(
  db: Database,
  store: BlobStore,
  file: Servable,
  request: Request,
): { response: Response; fullDownload: boolean } {
  const etag = `"${file.sha256}"`;
  const image = file.kind === 'image';
  const headers = new Headers({
    'Content-Type': file.mime,
    ETag: etag,
    'Accept-Ranges': 'bytes',
    // Images never change at their address; documents are checked again each time (access
    // may change, and downloads are counted), which costs a 304 at most.
    'Cache-Control': image ? `${file.public ? 'public' : 'private'}, max-age=31536000, immutable` : 'private, no-cache',
    'Content-Disposition': contentDisposition(image ? 'inline' : 'attachment', file.name),
    'X-Content-Type-Options': 'nosniff',
    // Even opened directly, a file cannot run script or reach anything.
    'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    return { response: new Response(null, { status: 304, headers }), fullDownload: false };
  }
  const ifRange = request.headers.get('if-range');
  const range = ifRange && ifRange !== etag ? undefined : parseRange(request.headers.get('range'), file.size);
  if (range === 'invalid') {
    headers.set('Content-Range', `bytes */${file.size}`);
    return { response: new Response(null, { status: 416, headers }), fullDownload: false };
  }
  const { start, end } = range ?? { start: 0, end: file.size - 1 };
  headers.set('Content-Length', String(end - start + 1));
  if (range) headers.set('Content-Range', `bytes ${start}-${end}/${file.size}`);
  const body = request.method === 'HEAD' ? null : stream(store.read(db, file.sha256, start, end));
  return { response: new Response(body, { status: range ? 206 : 200, headers }), fullDownload: request.method === 'GET' && start === 0 };
}
