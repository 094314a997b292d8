// Builds the Pagefind index of the prerendered pages (run after `astro build`; `npm run build`
// does both). We own this step instead of the pagefind CLI so that each page can be indexed
// with its Korean word suffixes added (src/lib/search/augment.ts); the served HTML is untouched.
//
//   node scripts/build-search-index.mjs [--site dist/client] [--out <site>/pagefind] [--plain] [--quiet]
//
// --plain leaves out the Korean word suffixes (Pagefind without the Korean handling; the
// benchmark compares both). Prints pages, extra tokens and the size of the written index.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as pagefind from 'pagefind';
import { augmentHtml } from '../src/lib/search/augment.ts';

const { values } = parseArgs({
  options: {
    site: { type: 'string', default: 'dist/client' },
    out: { type: 'string' },
    plain: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});
const site = path.resolve(values.site);
const out = path.resolve(values.out ?? path.join(site, 'pagefind'));

// Pagefind's bundled UIs are not used (their inline styles would break the CSP); the search
// page talks to pagefind.js directly.
const UNUSED = /^pagefind-(ui|modular-ui|component-ui|highlight)\.|^playground$/;

function htmlFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== out) found.push(...htmlFiles(full));
    } else if (entry.name.endsWith('.html')) found.push(full);
  }
  return found;
}

function urlOf(file) {
  const rel = path.relative(site, file).split(path.sep).join('/');
  return '/' + rel.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, '');
}

function directorySize(dir) {
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return bytes;
}

const started = performance.now();
const { index, errors } = await pagefind.createIndex({ forceLanguage: 'ko' });
if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
let pages = 0;
let extraTokens = 0;
for (const file of htmlFiles(site)) {
  const raw = fs.readFileSync(file, 'utf8');
  // Only pages that opt in: content pages mark their main text with data-pagefind-body.
  if (!raw.includes('data-pagefind-body')) continue;
  const augmented = augmentHtml(raw, { suffixes: !values.plain });
  const added = await index.addHTMLFile({ url: urlOf(file), content: augmented.html });
  if (added.errors.length) throw new Error(`Pagefind could not index ${file}: ${added.errors.join('; ')}`);
  pages += 1;
  extraTokens += augmented.extraTokens;
}
fs.rmSync(out, { recursive: true, force: true });
const written = await index.writeFiles({ outputPath: out });
if (written.errors.length) throw new Error(`Pagefind could not write the index: ${written.errors.join('; ')}`);
await pagefind.close();
for (const name of fs.readdirSync(out)) {
  if (UNUSED.test(name)) fs.rmSync(path.join(out, name), { recursive: true, force: true });
}

const bytes = directorySize(out);
const seconds = (performance.now() - started) / 1000;
if (!values.quiet) {
  console.log(
    `Search index (${values.plain ? 'plain Pagefind' : 'with Korean word suffixes'}): ${pages} pages, ` +
      `${extraTokens} extra tokens, ${bytes} bytes (${pages ? Math.round(bytes / pages) : 0} per page) in ${path.relative(process.cwd(), out) || out}, ${seconds.toFixed(1)} s`,
  );
}
if (pages === 0) console.warn('Search index: no page has data-pagefind-body; the search finds nothing.');
