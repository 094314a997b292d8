// Search index regeneration benchmark: `npm run bench:case-index [-- --sizes 300,5000]`.
//
// Fills an in-memory database with N generated published cases (recombined from the shipped
// case files' own front matter and paragraphs, so each passes caseSchema), then times what the
// server does after a publish: rebuildSearchIndex (read the visible cases, render their index
// HTML, Korean augmentation, Pagefind in memory, store the generation in the database), and
// prints the index size. Default: 300 cases (well under a minute).
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/lib/db/client';
import { cases } from '../src/lib/db/schema';
import { readCaseDir } from '../src/lib/cases/files';
import { contentColumns } from '../src/lib/cases/store';
import { SIGUN_CODES } from '../src/lib/regions';
import { rebuildSearchIndex } from '../src/lib/search/index-worker';
import { closePagefind } from '../src/lib/search/index-build';
import { generationStats } from '../src/lib/search/index-store';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '300' } } });
const sizes = values.sizes.split(',').map(Number);

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

const shipped = readCaseDir('content/cases').files;
const paragraphs = shipped.flatMap((f) => f.body.split(/\n{2,}/).filter((p) => !p.startsWith('#')));
const now = new Date();

for (const size of sizes) {
  const handle = await openDatabase({ migrationsFolder: 'drizzle' });
  try {
    const next = random(size);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const rows = Array.from({ length: size }, (_, i) => {
      const base = pick(shipped);
      const body = ['## 도입 전 문제', pick(paragraphs), pick(paragraphs), '## 성과', pick(paragraphs), pick(paragraphs)].join('\n\n') + '\n';
      const data = { ...base.data, title: `${base.data.title.slice(0, 60)} ${i + 1}`, sigun: pick(SIGUN_CODES), year: 2019 + (i % 8) };
      return { ...contentColumns(data, body), slug: `bench-${i + 1}`, state: 'published' as const, publishAt: now };
    });
    for (let i = 0; i < rows.length; i += 250) await handle.db.insert(cases).values(rows.slice(i, i + 250));
    const built = await rebuildSearchIndex(handle.db, now, 'dist/search-pages.json');
    const stats = (await generationStats(handle.db, built.id))!;
    console.log(
      `${size} cases: ${built.pages} pages, regeneration ${(built.durationMs / 1000).toFixed(1)} s ` +
        `(read and render ${(built.phases.readMs / 1000).toFixed(1)} s, Korean handling and Pagefind ${(built.phases.indexMs / 1000).toFixed(1)} s, store ${(built.phases.storeMs / 1000).toFixed(1)} s), ` +
        `index ${(built.bytes / 1024 / 1024).toFixed(2)} MB in ${stats.files} files (${Math.round(built.bytes / built.pages)} bytes per page)`,
    );
  } finally {
    await handle.close();
  }
}
await closePagefind();
