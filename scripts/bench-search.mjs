// Search benchmark: `npm run bench:search` (also run by `npm run bench`).
//
// For 30, 1,000 and 5,000 generated cases (written to a temporary folder, never to content/),
// builds the site with CASES_DIR pointing there, indexes it twice — with the Korean handling
// and as plain Pagefind — and measures, for each: index time, index size (total and per page),
// the bytes a first search downloads and search latency in Chromium, and how many Korean probe
// queries (a piece from inside a word; a title word with a particle) find their case.
//
//   node scripts/bench-search.mjs [--sizes 30,1000,5000] [--keep]
//
// Cases are recombined from the sample cases' own sentences and front matter, so every file
// passes the case schema. Needs Chromium (/usr/bin/chromium or CHROMIUM_PATH).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { SIGUN } from '../src/lib/regions.ts';
import { normalizeQuery, searchPlans, words } from '../src/lib/search/korean.ts';
import { innerPiece, titleWordWithParticle } from '../src/lib/search/probes.ts';
import { searchAll } from '../src/lib/search/pagefind.ts';

// The search page's merge of a query's plans, as source to run inside the page (Node strips
// the types of the .ts file, so the function's text is plain JavaScript).
const SEARCH_ALL = searchAll.toString();

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '30,1000,5000' },
    keep: { type: 'boolean', default: false },
  },
});
const SIZES = values.sizes.split(',').map(Number);
const LATENCY_QUERIES = ['공장', '관리', '스마트공장을', '불량률이', 'MES', '생산관리'];
const PROBES = 40;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const node = process.execPath;
const astroBin = path.resolve('node_modules/astro/bin/astro.mjs');

// ---- generated cases --------------------------------------------------------------------

// A small deterministic PRNG, so every run measures the same corpus.
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function samples() {
  const dir = 'content/cases';
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      return { front, body };
    });
}

function generateCases(n, dir) {
  const pool = samples();
  const rnd = random(n);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const field = (front, key) => new RegExp(`^${key}: "(.*)"$`, 'm').exec(front)?.[1] ?? '';
  const titleTails = pool.map((s) => field(s.front, 'title').split(', ').slice(1).join(', ')).filter(Boolean);
  const titleHeads = pool.map((s) => field(s.front, 'title').split(', ')[0]);
  const summaries = pool.map((s) => field(s.front, 'summary'));
  const sentences = pool.flatMap((s) => s.body.split('\n').filter((l) => l && !l.startsWith('#') && !l.startsWith('-')).flatMap((l) => l.match(/[^.!?]+[.!?]+/g) ?? []).map((x) => x.trim()));
  const headings = ['도입 전 문제', '무엇을 구축했나', '멘토의 역할', '성과', '대표의 조언'];
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const template = pick(pool);
    const sigun = pick(SIGUN);
    const year = 2019 + Math.floor(rnd() * 7);
    const title = `${pick(titleHeads)} ${i + 1}호, ${pick(titleTails)}`.slice(0, 80);
    const front = template.front
      .replace(/^title: .*$/m, `title: "${title}"`)
      .replace(/^summary: .*$/m, `summary: "${pick(summaries)}"`)
      .replace(/^company: .*$/m, `company: "생성${i + 1}산업(가칭)"`)
      .replace(/^sigun: .*$/m, `sigun: "${sigun.code}"`)
      .replace(/^year: .*$/m, `year: ${year}`)
      .replace(/^publishedAt: .*$/m, `publishedAt: ${year + 1}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`);
    const body = headings
      .map((h) => `## ${h}\n\n${Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => pick(sentences)).join(' ')}\n`)
      .join('\n');
    fs.writeFileSync(path.join(dir, `bench-${String(i + 1).padStart(5, '0')}.md`), `---\n${front}\n---\n\n${body}`);
  }
}

// ---- build and index --------------------------------------------------------------------

function seconds(fn) {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

function run(args, env = {}) {
  const r = spawnSync(node, args, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function directoryBytes(dir, filter = () => true) {
  let bytes = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && filter(e.name)) bytes += fs.statSync(path.join(e.parentPath, e.name)).size;
  }
  return bytes;
}

// ---- browser measurements ---------------------------------------------------------------

function staticServer(root) {
  const types = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html; charset=utf-8', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pathname === '/bench.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<!doctype html><html lang="ko"><title>bench</title><body></body></html>');
    }
    const file = path.join(root, pathname);
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const pct = (x) => (Number.isNaN(x) ? '—' : `${(x * 100).toFixed(0)} %`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN;
};

/** First-search bytes, latency per query and probe recall for one index folder. */
async function measure(browser, base, folder, korean, probes) {
  // With the Korean handling a query is every spacing of it (searchPlans), merged as the search
  // page does (searchAll in src/lib/search/pagefind.ts); plain Pagefind gets the query as typed.
  const query = (q) => (korean ? searchPlans(normalizeQuery(q).terms) : [[q]]);
  // 1. First search in a fresh context: everything it downloads (10 results' data included).
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/bench.html`);
  const files = [];
  const sizes = [];
  // Body lengths, not request.sizes(): Chromium reports 0 for the worker script.
  context.on('requestfinished', (request) =>
    sizes.push(
      request
        .response()
        .then((response) => response.body())
        .then((body) => files.push({ file: new URL(request.url()).pathname.replace(`/${folder}/`, ''), bytes: body.length })),
    ),
  );
  const firstMs = await page.evaluate(
    async ([folder, q, korean, source]) => {
      const t = performance.now();
      const pf = await import(`/${folder}/pagefind.js`);
      await pf.init();
      const searchAll = (0, eval)(`(${source})`);
      const results = korean ? await searchAll(pf, q) : (await pf.search(q[0].join(' '))).results;
      await Promise.all(results.slice(0, 10).map((r) => r.data()));
      return performance.now() - t;
    },
    [folder, query(LATENCY_QUERIES[0]), korean, SEARCH_ALL],
  );
  await Promise.all(sizes);
  const downloads = files.filter((f) => f.file !== '/bench.html');
  const firstBytes = downloads.reduce((sum, f) => sum + f.bytes, 0);
  // 2. Latency of each query on the warm page: first run (its index chunks fetched) and repeats.
  const time = (q) =>
    page.evaluate(async ([folder, q, korean, source]) => {
      const pf = await import(`/${folder}/pagefind.js`);
      const t = performance.now();
      const searchAll = (0, eval)(`(${source})`);
      const results = korean ? await searchAll(pf, q) : (await pf.search(q[0].join(' '))).results;
      await Promise.all(results.slice(0, 10).map((r) => r.data()));
      return performance.now() - t;
    }, [folder, q, korean, SEARCH_ALL]);
  const cold = [];
  const warm = [];
  for (const q of LATENCY_QUERIES.slice(1)) {
    cold.push(await time(query(q)));
    for (let i = 0; i < 3; i++) warm.push(await time(query(q)));
  }
  // 3. Recall: does each probe query find its case (anywhere in the results)? Only on the
  // smallest corpus: it loads every result's data.
  const found = !probes.length ? NaN : await page.evaluate(
    async ([folder, probes, korean, source]) => {
      const pf = await import(`/${folder}/pagefind.js`);
      const searchAll = (0, eval)(`(${source})`);
      let hits = 0;
      for (const { q, url } of probes) {
        const results = korean ? await searchAll(pf, q) : (await pf.search(q[0].join(' '))).results;
        const urls = await Promise.all(results.map(async (x) => (await x.data()).url));
        if (urls.includes(url)) hits += 1;
      }
      return hits;
    },
    [folder, probes.map((p) => ({ q: query(p.q), url: p.url })), korean, SEARCH_ALL],
  );
  await context.close();
  return { firstBytes, downloads, firstMs, coldMs: median(cold), warmMs: median(warm), recall: found / probes.length };
}

/** Probe queries from the first generated cases (read back from their files). */
function probeQueries(dir, count) {
  const docs = fs
    .readdirSync(dir)
    .sort()
    .slice(0, count)
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      return { url: `/cases/${f.replace(/\.md$/, '')}/`, title: /^title: "(.*)"$/m.exec(text)[1], words: words(text) };
    });
  return docs.flatMap((d, n) => {
    const piece = innerPiece(d, docs);
    const titled = titleWordWithParticle(d, n);
    return [piece && { q: piece, url: d.url }, titled && { q: titled.query, url: d.url }].filter(Boolean);
  });
}

// ---- main -------------------------------------------------------------------------------

if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-search-bench-'));
const rows = [];
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  for (const n of SIZES) {
    const casesDir = path.join(work, `cases-${n}`);
    // Inside the project: the prerender step imports packages from node_modules next to it.
    const outDir = path.resolve('.tmp', `search-bench-dist-${n}`);
    generateCases(n, casesDir);
    process.stdout.write(`${n} cases: astro build… `);
    // --force: a fresh content layer, as in a first build (the cache would otherwise remember the corpus).
    const buildS = seconds(() => run([astroBin, 'build', '--force', '--outDir', outDir], { CASES_DIR: casesDir }));
    console.log(`${buildS.toFixed(1)} s`);
    const client = path.join(outDir, 'client');
    const pages = execFileSync('grep', ['-rl', '--include=*.html', 'data-pagefind-body', client]).toString().trim().split('\n').length;
    const probes = n === Math.min(...SIZES) ? probeQueries(casesDir, PROBES) : [];
    const server = await staticServer(client);
    const base = `http://127.0.0.1:${server.address().port}`;
    for (const variant of ['korean', 'plain']) {
      const folder = variant === 'korean' ? 'pagefind' : 'pagefind-plain';
      const out = path.join(client, folder);
      const indexS = seconds(() => run(['scripts/build-search-index.mjs', '--site', client, '--out', out, '--quiet', ...(variant === 'plain' ? ['--plain'] : [])]));
      const bytes = directoryBytes(out);
      const indexBytes = directoryBytes(path.join(out, 'index'));
      const fragmentBytes = directoryBytes(path.join(out, 'fragment'));
      const m = await measure(browser, base, folder, variant === 'korean', probes);
      rows.push({ n, pages, variant, buildS, indexS, bytes, indexBytes, fragmentBytes, probes: probes.length, ...m });
      console.log(`  ${variant}: index ${indexS.toFixed(1)} s, ${bytes} bytes, first search ${m.firstBytes} bytes, probes found ${pct(m.recall)}`);
    }
    server.close();
    if (!values.keep) fs.rmSync(outDir, { recursive: true, force: true });
  }
} finally {
  await browser.close();
  if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}

const kb = (b) => (b / 1024).toFixed(1);
console.log('\nSearch benchmark (Pagefind 1.6; sizes as served, uncompressed; latency = search + data of the first 10 results, in Chromium)');
console.log(
  '| cases | pages | variant | astro build s | index s | index total KiB | per page B | of which word index KiB | fragments KiB | first search B | first search ms | latency ms (first / repeat) | probes found |',
);
console.log('|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.n} | ${r.pages} | ${r.variant} | ${r.buildS.toFixed(1)} | ${r.indexS.toFixed(1)} | ${kb(r.bytes)} | ${Math.round(r.bytes / r.pages)} | ${kb(r.indexBytes)} | ${kb(r.fragmentBytes)} | ${r.firstBytes} | ${r.firstMs.toFixed(0)} | ${r.coldMs.toFixed(1)} / ${r.warmMs.toFixed(1)} | ${pct(r.recall)} |`,
  );
}
for (const r of rows.filter((r) => r.n === Math.min(...SIZES))) {
  const grouped = new Map();
  for (const d of r.downloads) {
    const kind = d.file.replace(/\/[^/]*$/, '/*').replace(/^[^/]*\.pf_meta$/, '*.pf_meta');
    grouped.set(kind, (grouped.get(kind) ?? 0) + d.bytes);
  }
  console.log(`\nFirst search, ${r.variant}, ${r.n} cases: ${[...grouped].map(([k, b]) => `${k} ${b}`).join(', ')}`);
}
console.log(
  `\nProbes (smallest corpus only, ${Math.max(...rows.map((r) => r.probes))} queries): for each of up to ${PROBES} cases, a two-syllable piece from inside a word and a title word with a particle; found = the case is among the results. ` +
    `First search: '${LATENCY_QUERIES[0]}' in a fresh browser context. Latency queries: ${LATENCY_QUERIES.slice(1).join(', ')} (first run on a warm page, then the median of 3 repeats).`,
);
