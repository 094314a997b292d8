// Production server: `node server/index.mjs` after `astro build` (npm start does both).
// Wraps the handler Astro's node adapter builds (static files + on-demand pages) so that
// we can (1) put security headers on every response, static files included, (2) open and
// migrate the database before taking traffic, failing at once if it cannot, and
// (3) drain requests and close the database cleanly on SIGTERM/SIGINT.
import http from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { compressResponses } from './compression.mjs';

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const serverDir = new URL('../dist/server/', import.meta.url);
const { handler } = await import(new URL('entry.mjs', serverDir).href);
// The middleware chunk imports src/lib/runtime.ts, which registers the database runtime
// on globalThis (see that file). Astro loads it lazily; we load it now to start up.
await import(new URL('virtual_astro_middleware.mjs', serverDir).href);
const runtime = globalThis[Symbol.for('jbsf-portal.runtime')];
if (!runtime) {
  console.error('Portal runtime not found in the build; was src/lib/runtime.ts removed from the middleware?');
  process.exit(1);
}

const host = process.env.HOST ?? 'localhost';
const port = Number(process.env.PORT ?? 4321);
const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000);
const secure = (process.env.SITE_URL ?? '').startsWith('https:');

// Scripts and styles only from our own origin. The one exception: prerendered pages carry
// Astro's server-island loader for the account links in the header (an inline script that
// fetches /_server-islands/AccountNav; Astro has no external-file option for it). Those
// scripts are fixed at build time, so their SHA-256 hashes are read from the built pages
// here and allowed exactly; no other inline script runs.
const inlineScriptHashes = builtInlineScriptHashes(new URL('../dist/client/', import.meta.url));
// frame-ancestors replaces X-Frame-Options in current browsers; both are sent.
const SECURITY_HEADERS = {
  'Content-Security-Policy': [
    "default-src 'self'",
    // Pagefind's search runs in WebAssembly; 'wasm-unsafe-eval' allows compiling it, not eval().
    ["script-src 'self' 'wasm-unsafe-eval'", ...inlineScriptHashes].join(' '),
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  ...(secure ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
};

let handle;
try {
  handle = await runtime.start();
} catch (error) {
  console.error(`Cannot start the portal: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const server = http.createServer((req, res) => {
  // One id per request, set here so that the page and the error page rendered after a
  // failure (both through src/middleware.ts) log and show the same id.
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID().slice(0, 8);
  req.headers['x-request-id'] = requestId;
  res.setHeader('X-Request-Id', requestId);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  // RFC 8058 one-click unsubscribe: the mail provider POSTs from its own servers, with no
  // Origin of ours, which Astro's cross-site form check would refuse. The key in the address
  // is the authority, and stopping mail is all it can do, so it is answered here.
  // (The page's own button posts an Astro action, `_action=…`, and goes the usual way.)
  // An address that does not percent-decode (e.g. %ED%A0%80, half of a surrogate pair): Astro
  // would answer a bare English "Bad request."; show the Korean page (src/pages/request-error.astro).
  if (!decodableUrl(req.url ?? '/')) req.url = '/request-error?reason=encoding';
  const params = req.method === 'POST' && req.url?.startsWith('/mail/unsubscribe?') ? new URL(req.url, 'http://portal.invalid').searchParams : undefined;
  if (params && !params.has('_action')) {
    req.resume();
    runtime
      .oneClickUnsubscribe(params)
      .then((done) => {
        res.writeHead(done ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(done ? '수신을 거부했습니다. 더 이상 알림 메일을 보내지 않습니다.' : '알 수 없는 수신 거부 링크입니다.');
      })
      .catch((error) => {
        console.error(`[request ${requestId}] POST /mail/unsubscribe failed:`, error);
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('처리하지 못했습니다. 잠시 뒤에 다시 시도해 주세요.');
      });
    return;
  }
  compressResponses(req, res);
  // A guest page the cache holds (src/lib/http/page-cache-provider.ts: same key, cookie and
  // freshness rules as inside Astro) is answered here, without Astro's pipeline: that is what
  // brings guest pages near the speed of static files.
  const hit = req.method === 'GET' && /^\/(?!\/)/.test(req.url ?? '') ? runtime.cachedPage('GET', new URL(req.url, 'http://portal.invalid'), req.headers.cookie) : undefined;
  if (hit) {
    for (const [name, value] of hit.headers) res.setHeader(name, value);
    res.writeHead(hit.status);
    res.end(hit.body);
    return;
  }
  handler(req, res);
});
// Requests Node's HTTP parser refuses (malformed or oversized headers, a NUL in a header):
// answer in Korean rather than Node's empty 400, then close.
server.on('clientError', (error, socket) => {
  if (!socket.writable || error.code === 'ECONNRESET') return socket.destroy();
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = status === 431 ? '요청 헤더가 너무 큽니다.' : '잘못된 요청입니다. 요청을 읽을 수 없습니다.';
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
});

/** 'sha256-…' of every inline script in the prerendered pages (only server-island loaders). */
function builtInlineScriptHashes(dir) {
  const hashes = new Set();
  const walk = (folder) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = new URL(entry.name + (entry.isDirectory() ? '/' : ''), folder);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.html')) {
        for (const [, attributes, body] of fs.readFileSync(file, 'utf8').matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
          if (/\bsrc=/.test(attributes) || !body) continue;
          hashes.add(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
        }
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return [...hashes].sort();
}

function decodableUrl(url) {
  try {
    decodeURIComponent(url);
    return true;
  } catch {
    return false;
  }
}

server.listen(port, host, () => {
  const where = handle.kind === 'pglite' ? `embedded PGlite in ${process.env.DATA_DIR ?? 'data'}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`Portal listening on http://${host}:${port} — database: ${where}`);
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing open requests, then closing the database…`);
  const force = setTimeout(() => server.closeAllConnections(), shutdownTimeoutMs);
  force.unref();
  // Keep-alive connections go idle as their last response ends; close them as they do.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  await new Promise((resolve) => {
    server.close(resolve);
    server.closeIdleConnections();
  });
  clearInterval(sweep);
  try {
    await runtime.stop();
    console.log('Database closed; bye.');
    process.exit(0);
  } catch (error) {
    console.error('Error while closing the database:', error);
    process.exit(1);
  }
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
