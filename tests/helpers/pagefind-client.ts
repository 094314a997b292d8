// Asks a running server's search index what it finds, through the index's own client
// (/pagefind/pagefind.js, the file the search page loads), loaded afresh each time so a new
// index generation is seen. Runs in Node (fetch and WebAssembly), no browser needed;
// tests/e2e/search.test.ts covers the search page itself in Chromium.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let loads = 0;

/** The paths (e.g. /cases/<slug>/) of the pages the served index finds for `q`. */
export async function searchServedIndex(baseUrl: string, q: string): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-pagefind-'));
  try {
    const file = path.join(dir, `pagefind-${process.pid}-${++loads}.mjs`);
    fs.writeFileSync(file, await (await fetch(`${baseUrl}/pagefind/pagefind.js`)).text());
    const pagefind = await import(file);
    await pagefind.options({ basePath: `${baseUrl}/pagefind/` });
    await pagefind.init();
    const found = await pagefind.search(q);
    const urls: string[] = await Promise.all(found.results.map(async (r: { data(): Promise<{ url: string }> }) => new URL((await r.data()).url).pathname));
    await pagefind.destroy?.();
    return urls;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Searches again (every second) until `check` holds or `withinMs` passed; returns the last answer and when it came. */
export async function searchUntil(
  baseUrl: string,
  q: string,
  check: (urls: string[]) => boolean,
  withinMs = 30_000,
): Promise<{ urls: string[]; afterMs: number }> {
  const started = Date.now();
  let urls = await searchServedIndex(baseUrl, q);
  while (!check(urls) && Date.now() - started < withinMs) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    urls = await searchServedIndex(baseUrl, q);
  }
  return { urls, afterMs: Date.now() - started };
}
