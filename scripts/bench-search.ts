// Search benchmark: `npm run bench:search` (also run by `npm run bench`).
//
// For 30, 1,000 and 5,000 generated cases (imported into an in-memory PGlite database, never
// into content/ or the server's database), builds the search index the way the server does at
// run time (indexPages + buildIndexFiles from src/lib/search/index-build.ts: the published
// cases and the 14 시·군 pages from the database, plus dist/search-pages.json when a build left
// one) twice — with the Korean handling and as plain Pagefind (the same builder with
// `suffixes: false`) — and measures, for each: index time, index size (total and per page), the
// bytes a first search downloads and search latency in Chromium, and how many Korean probe
// queries (a piece from inside a word; a title word with a particle) find their case.
//
//   npm run bench:search [-- --sizes 30,1000,5000]
//
// Cases are recombined from the sample cases' own sentences and fields and go through the
// same import as content/cases files (importCases), so every one passes the case schema. The
// index files are served to Chromium from memory by a tiny local HTTP server, under
// /pagefind/ and /pagefind-plain/. Needs Chromium (/usr/bin/chromium or CHROMIUM_PATH).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { openDatabase } from '../src/lib/db/client';
import { readCaseDir, type CaseFile } from '../src/lib/cases/files';
import { importCases } from '../src/lib/cases/import';
import { SIGUN } from '../src/lib/regions';
import { augmentHtml, indexedText } from '../src/lib/search/augment';
import { buildIndexFiles, closePagefind, indexPages, readStaticPages, type IndexFile, type IndexPage } from '../src/lib/search/index-build';
import { normalizeQuery, searchPlans, words } from '../src/lib/search/korean';
import { innerPiece, titleWordWithParticle, type ProbeDocument } from '../src/lib/search/probes';
import { searchAll } from '../src/lib/search/pagefind';

// The search page's merge of a query's plans, as source to run inside the page.
const SEARCH_ALL = searchAll.toString();
// tsx keeps function names with a `__name(...)` helper that the page does not have; functions
// sent to the page (page.evaluate, SEARCH_ALL) may contain calls to it.
const NAME_HELPER = 'globalThis.__name = (f) => f;';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '30,1000,5000' },
    'static-pages': { type: 'string', default: 'dist/search-pages.json' },
  },
});
const SIZES = values.sizes.split(',').map(Number);
const LATENCY_QUERIES = ['공장', '관리', '스마트공장을', '불량률이', 'MES', '생산관리'];
const PROBES = 40;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VARIANTS = [
  { variant: 'korean', folder: 'pagefind', suffixes: true },
  { variant: 'plain', folder: 'pagefind-plain', suffixes: false },
] as const;

// ---- generated cases --------------------------------------------------------------------

// A small deterministic PRNG, so every run measures the same corpus.
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n case files recombined from the shipped sample cases (titles, summaries, sentences). */
function generateCases(n: number, pool: readonly CaseFile[]): CaseFile[] {
  const rnd = random(n);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const titleTails = pool.map((s) => s.data.title.split(', ').slice(1).join(', ')).filter(Boolean);
  const titleHeads = pool.map((s) => s.data.title.split(', ')[0]!);
  const summaries = pool.map((s) => s.data.summary);
  const sentences = pool.flatMap((s) =>
    s.body
      .split('\n')
      .filter((l) => l && !l.startsWith('#') && !l.startsWith('-'))
      .flatMap((l) => l.match(/[^.!?]+[.!?]+/g) ?? [])
      .map((x) => x.trim()),
  );
  const headings = ['도입 전 문제', '무엇을 구축했나', '멘토의 역할', '성과', '대표의 조언'];
  return Array.from({ length: n }, (_, i) => {
    const template = pick(pool);
    const year = 2019 + Math.floor(rnd() * 7);
    const data = {
      ...template.data,
      title: `${pick(titleHeads)} ${i + 1}호, ${pick(titleTails)}`.slice(0, 80),
      summary: pick(summaries),
      company: `생성${i + 1}산업(가칭)`,
      sigun: pick(SIGUN).code,
      year,
      publishedAt: new Date(`${year + 1}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}T00:00:00Z`),
    };
    const body = headings
      .map((h) => `## ${h}\n\n${Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => pick(sentences)).join(' ')}\n`)
      .join('\n');
    return { slug: `bench-${String(i + 1).padStart(5, '0')}`, data, body };
  });
}

/** Probe queries from the first generated cases, from the text their index pages hold. */
function probeQueries(pages: readonly IndexPage[], count: number): { q: string; url: string }[] {
  const docs: (ProbeDocument & { url: string })[] = pages
    .filter((p) => p.url.startsWith('/cases/bench-'))
    .sort((a, b) => a.url.localeCompare(b.url))
    .slice(0, count)
    .map((p) => {
      const text = indexedText(augmentHtml(p.html, { suffixes: false }).html);
      return { url: p.url, title: text.title, words: words(text.body) };
    });
  return docs.flatMap((d, n) => {
    const piece = innerPiece(d, docs);
    const titled = titleWordWithParticle(d, n);
    return [...(piece ? [{ q: piece, url: d.url }] : []), ...(titled ? [{ q: titled.query, url: d.url }] : [])];
  });
}

// ---- index ------------------------------------------------------------------------------

async function seconds<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await fn();
  return [value, (performance.now() - t) / 1000];
}

const bytesOf = (files: readonly IndexFile[], prefix = '') =>
  files.filter((f) => f.path.startsWith(prefix)).reduce((sum, f) => sum + f.content.length, 0);

// ---- browser measurements ---------------------------------------------------------------

/** Serves /bench.html and /<folder>/<path> from the index files in `folders`. */
function indexServer(folders: Map<string, IndexFile[]>): Promise<http.Server> {
  const types: Record<string, string> = { js: 'text/javascript; charset=utf-8', json: 'application/json; charset=utf-8', css: 'text/css; charset=utf-8' };
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (pathname === '/bench.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<!doctype html><html lang="ko"><title>bench</title><body></body></html>');
    }
    const [, folder = '', ...rest] = pathname.split('/');
    const file = folders.get(folder)?.find((f) => f.path === rest.join('/'));
    if (!file) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': types[file.path.split('.').pop() ?? ''] ?? 'application/octet-stream' });
    res.end(file.content);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const pct = (x: number) => (Number.isNaN(x) ? '—' : `${(x * 100).toFixed(0)} %`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};

// The search the page runs: with the Korean handling, every plan merged by searchAll; plain
// Pagefind, the query as typed. Returns the results (as handles: the page's objects).
type Plans = string[][];

/** First-search bytes, latency per query and probe recall for one index folder. */
async function measure(browser: Browser, base: string, folder: string, korean: boolean, probes: { q: string; url: string }[]) {
  // With the Korean handling a query is every spacing of it (searchPlans), merged as the search
  // page does (searchAll in src/lib/search/pagefind.ts); plain Pagefind gets the query as typed.
  const query = (q: string): Plans => (korean ? searchPlans(normalizeQuery(q).terms) : [[q]]);
  // 1. First search in a fresh context: everything it downloads (10 results' data included).
  const context = await browser.newContext();
  await context.addInitScript(NAME_HELPER);
  const page = await context.newPage();
  await page.goto(`${base}/bench.html`);
  const files: { file: string; bytes: number }[] = [];
  const pending: Promise<unknown>[] = [];
  // Body lengths, not request.sizes(): Chromium reports 0 for the worker script.
  context.on('requestfinished', (request) =>
    pending.push(
      request
        .response()
        .then((response) => response?.body())
        .then((body) => files.push({ file: new URL(request.url()).pathname.replace(`/${folder}/`, ''), bytes: body?.length ?? 0 })),
    ),
  );
  const firstMs = await page.evaluate(
    async ([folder, q, korean, source]) => {
      const t = performance.now();
      const pf = await import(`/${folder}/pagefind.js`);
      await pf.init();
      const searchAll = (0, eval)(`(${source})`);
      const results = korean ? await searchAll(pf, q) : (await pf.search(q[0].join(' '))).results;
      await Promise.all(results.slice(0, 10).map((r: { data(): Promise<unknown> }) => r.data()));
      return performance.now() - t;
    },
    [folder, query(LATENCY_QUERIES[0]!), korean, SEARCH_ALL] as const,
  );
  await Promise.all(pending);
  const downloads = files.filter((f) => f.file !== '/bench.html');
  const firstBytes = downloads.reduce((sum, f) => sum + f.bytes, 0);
  // 2. Latency of each query on the warm page: first run (its index chunks fetched) and repeats.
  const time = (q: Plans) =>
    page.evaluate(
      async ([folder, q, korean, source]) => {
        const pf = await import(`/${folder}/pagefind.js`);
        const t = performance.now();
        const searchAll = (0, eval)(`(${source})`);
        const results = korean ? await searchAll(pf, q) : (await pf.search(q[0].join(' '))).results;
        await Promise.all(results.slice(0, 10).map((r: { data(): Promise<unknown> }) => r.data()));
        return performance.now() - t;
      },
      [folder, q, korean, SEARCH_ALL] as const,
    );
  const cold: number[] = [];
  const warm: number[] = [];
  for (const q of LATENCY_QUERIES.slice(1)) {
    cold.push(await time(query(q)));
    for (let i = 0; i < 3; i++) warm.push(await time(query(q)));
  }
  // 3. Recall: does each probe query find its case (anywhere in the results)? Only on the
  // smallest corpus: it loads every result's data.
  const found = !probes.length
    ? NaN
    : await page.evaluate(
        async ([folder, probes, korean, source]) => {
          const pf = await import(`/${folder}/pagefind.js`);
          const searchAll = (0, eval)(`(${source})`);
          let hits = 0;
          for (const { q, url } of probes) {
            const results = korean ? await searchAll(pf, q) : (await pf.search(q[0].join(' '))).results;
            const urls = await Promise.all(results.map(async (x: { data(): Promise<{ url: string }> }) => (await x.data()).url));
            if (urls.includes(url)) hits += 1;
          }
          return hits;
        },
        [folder, probes.map((p) => ({ q: query(p.q), url: p.url })), korean, SEARCH_ALL] as const,
      );
  await context.close();
  return { firstBytes, downloads, firstMs, coldMs: median(cold), warmMs: median(warm), recall: found / probes.length };
}

// ---- main -------------------------------------------------------------------------------

if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
const pool = readCaseDir('content/cases').files;
const statics = readStaticPages(path.resolve(values['static-pages']));
console.log(
  statics.pages.length
    ? `Prerendered pages from ${values['static-pages']}: ${statics.pages.length}`
    : `No ${values['static-pages']} (run \`npm run build\` first to index the prerendered pages too): cases and 시·군 pages only`,
);
type Row = { n: number; pages: number; variant: string; importS: number; readS: number; indexS: number; bytes: number; indexBytes: number; fragmentBytes: number; probes: number } & Awaited<ReturnType<typeof measure>>;
const rows: Row[] = [];
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  // Starts Pagefind's helper process, so the first measured build does not pay for it.
  await buildIndexFiles(statics.pages.slice(0, 1).length ? statics.pages.slice(0, 1) : [{ url: '/x/', html: '<html lang="ko"><body data-pagefind-body>준비</body></html>' }]);
  for (const n of SIZES) {
    const handle = await openDatabase({ migrationsFolder: 'drizzle' });
    try {
      const now = new Date();
      process.stdout.write(`${n} cases: import… `);
      const [, importS] = await seconds(() => importCases(handle.db, generateCases(n, pool), now));
      // What the server's index worker does (rebuildSearchIndex): read and render, then index.
      const [pages, readS] = await seconds(() => indexPages(handle.db, now, statics.pages));
      console.log(`${importS.toFixed(1)} s, ${pages.length} pages to index`);
      const probes = n === Math.min(...SIZES) ? probeQueries(pages, PROBES) : [];
      const folders = new Map<string, IndexFile[]>();
      const server = await indexServer(folders);
      const address = server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      try {
        for (const { variant, folder, suffixes } of VARIANTS) {
          const [files, indexS] = await seconds(() => buildIndexFiles(pages, { suffixes }));
          folders.set(folder, files);
          const m = await measure(browser, base, folder, variant === 'korean', probes);
          const bytes = bytesOf(files);
          rows.push({ n, pages: pages.length, variant, importS, readS, indexS, bytes, indexBytes: bytesOf(files, 'index/'), fragmentBytes: bytesOf(files, 'fragment/'), probes: probes.length, ...m });
          console.log(`  ${variant}: index ${indexS.toFixed(1)} s, ${bytes} bytes, first search ${m.firstBytes} bytes, probes found ${pct(m.recall)}`);
        }
      } finally {
        server.close();
      }
    } finally {
      await handle.close();
    }
  }
} finally {
  await browser.close();
  await closePagefind();
}

const kb = (b: number) => (b / 1024).toFixed(1);
console.log(
  '\nSearch benchmark (Pagefind 1.6, index built in memory as the server does; sizes as served, uncompressed; latency = search + data of the first 10 results, in Chromium)',
);
console.log(
  '| cases | pages | variant | read and render s | index s | index total KiB | per page B | of which word index KiB | fragments KiB | first search B | first search ms | latency ms (first / repeat) | probes found |',
);
console.log('|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.n} | ${r.pages} | ${r.variant} | ${r.readS.toFixed(1)} | ${r.indexS.toFixed(1)} | ${kb(r.bytes)} | ${Math.round(r.bytes / r.pages)} | ${kb(r.indexBytes)} | ${kb(r.fragmentBytes)} | ${r.firstBytes} | ${r.firstMs.toFixed(0)} | ${r.coldMs.toFixed(1)} / ${r.warmMs.toFixed(1)} | ${pct(r.recall)} |`,
  );
}
// The cost of the Korean handling: each measure with it divided by plain Pagefind's.
console.log('\nKorean handling ÷ plain Pagefind (same run)');
console.log('| cases | index time | index total | word index | first search bytes | first search ms | latency first | latency repeat |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');
for (const n of SIZES) {
  const k = rows.find((r) => r.n === n && r.variant === 'korean');
  const p = rows.find((r) => r.n === n && r.variant === 'plain');
  if (!k || !p) continue;
  console.log(
    `| ${n} | ${ratio(k.indexS, p.indexS)} | ${ratio(k.bytes, p.bytes)} | ${ratio(k.indexBytes, p.indexBytes)} | ${ratio(k.firstBytes, p.firstBytes)} | ${ratio(k.firstMs, p.firstMs)} | ${ratio(k.coldMs, p.coldMs)} | ${ratio(k.warmMs, p.warmMs)} |`,
  );
}
for (const r of rows.filter((r) => r.n === Math.min(...SIZES))) {
  const grouped = new Map<string, number>();
  for (const d of r.downloads) {
    const kind = d.file.replace(/\/[^/]*$/, '/*').replace(/^[^/]*\.pf_meta$/, '*.pf_meta');
    grouped.set(kind, (grouped.get(kind) ?? 0) + d.bytes);
  }
  console.log(`\nFirst search, ${r.variant}, ${r.n} cases: ${[...grouped].map(([k, b]) => `${k} ${b}`).join(', ')}`);
}
console.log(
  `\nProbes (smallest corpus only, ${Math.max(...rows.map((r) => r.probes))} queries): for each of up to ${PROBES} cases, a two-syllable piece from inside a word and a title word with a particle; found = the case is among the results. ` +
    `First search: '${LATENCY_QUERIES[0]}' in a fresh browser context. Latency queries: ${LATENCY_QUERIES.slice(1).join(', ')} (first run on a warm page, then the median of 3 repeats). ` +
    `Import = the generated case files through importCases into in-memory PGlite; read and render = indexPages (both variants index the same pages).`,
);
