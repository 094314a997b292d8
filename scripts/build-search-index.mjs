// Collects the prerendered pages that opt into search (an element with data-pagefind-body)
// after `astro build` (`npm run build` does both) into dist/search-pages.json. The server
// builds the Pagefind index at run time from these pages plus the published cases and the
// 시·군 pages it reads from the database (src/lib/search/index-build.ts), and stores it in the
// database, so a published or withdrawn case reaches search without a rebuild of the site.
//
//   node scripts/build-search-index.mjs [--site dist/client] [--out dist/search-pages.json] [--quiet]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    site: { type: 'string', default: 'dist/client' },
    out: { type: 'string', default: 'dist/search-pages.json' },
    quiet: { type: 'boolean', default: false },
  },
});
const site = path.resolve(values.site);
const out = path.resolve(values.out);

function htmlFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...htmlFiles(full));
    else if (entry.name.endsWith('.html')) found.push(full);
  }
  return found;
}

function urlOf(file) {
  const rel = path.relative(site, file).split(path.sep).join('/');
  return '/' + rel.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, '');
}

const pages = [];
for (const file of htmlFiles(site).sort()) {
  const html = fs.readFileSync(file, 'utf8');
  if (html.includes('data-pagefind-body')) pages.push({ url: urlOf(file), html });
}
// No index folder from an older build may shadow the one the server serves from the database.
fs.rmSync(path.join(site, 'pagefind'), { recursive: true, force: true });
fs.writeFileSync(out, JSON.stringify(pages));
if (!values.quiet) {
  console.log(`Search pages: ${pages.length} prerendered page(s) for the run-time index in ${path.relative(process.cwd(), out)} (${pages.map((p) => p.url).join(', ')})`);
}
