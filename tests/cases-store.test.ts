// Case studies in the database, on PGlite and PostgreSQL: what visitors see when (drafts,
// scheduled, withdrawn), slug changes, revisions, the import that never overwrites a web
// edit, the export that imports again unchanged, and the search index built from it all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { budget } from './helpers/budgets';
import type { Database } from '../src/lib/db/client';
import { and, eq, like } from 'drizzle-orm';
import { caseRevisions, searchIndexFiles, searchIndexGenerations } from '../src/lib/db/schema';
import { formatCaseFile, parseCaseFile, readCaseDir, type CaseFile } from '../src/lib/cases/files';
import { describeImport, exportCases, importCaseDir, importCases } from '../src/lib/cases/import';
import {
  caseData,
  findCaseRedirect,
  getCaseBySlug,
  getPublishedCaseBySlug,
  listPublishedCases,
  removeSampleCases,
  saveCase,
  setCaseState,
  visibleCasesFingerprint,
} from '../src/lib/cases/store';
import { filterCases, parseFilters } from '../src/lib/cases/catalog';
import { rebuildSearchIndex, startSearchIndexWorker } from '../src/lib/search/index-worker';
import { latestGeneration, readIndexFile } from '../src/lib/search/index-store';
import { IndexFileCache } from '../src/lib/search/index-serve';

const NOW = new Date('2026-12-01T03:00:00Z');
const HOUR = 3600 * 1000;
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);
const shipped = readCaseDir('content/cases');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'portal-cases-'));
}

function one(slug = 'gunsan-auto-parts-press-mes'): CaseFile {
  return structuredClone(shipped.files.find((f) => f.slug === slug)!);
}

/** The URL of every page the newest stored index holds (Pagefind fragments are gzipped JSON). */
async function indexedUrls(db: Database): Promise<string[]> {
  const entry = JSON.parse((await readIndexFile(db, 'pagefind-entry.json'))!.content.toString('utf8'));
  expect(entry.languages.ko).toBeDefined();
  const latest = (await latestGeneration(db))!;
  const fragments = await db
    .select({ content: searchIndexFiles.content })
    .from(searchIndexFiles)
    .where(and(eq(searchIndexFiles.generation, latest.id), like(searchIndexFiles.path, 'fragment/%')));
  return fragments.map((r) => {
    const text = gunzipSync(Buffer.from(r.content)).toString('utf8');
    return JSON.parse(text.slice(text.indexOf('{'))).url as string;
  });
}

describe('the shipped case files', () => {
  it('are all valid and written back in their own layout', () => {
    expect(shipped.errors).toEqual([]);
    expect(shipped.files.length).toBeGreaterThanOrEqual(30);
    let identical = 0;
    for (const f of shipped.files) {
      const original = fs.readFileSync(`content/cases/${f.slug}.md`, 'utf8');
      const again = formatCaseFile(f.data, f.body);
      if (again === original) identical += 1;
      // The written file reads back the same (whatever the layout of a hand-edited one).
      const reread = parseCaseFile(`${f.slug}.md`, again);
      expect(reread.ok && reread.value).toEqual(f);
    }
    expect(identical).toBe(shipped.files.length);
  });

  it('a bad file is refused with the file and the field named', () => {
    const good = fs.readFileSync('content/cases/gunsan-auto-parts-press-mes.md', 'utf8');
    const bad = parseCaseFile('broken-case.md', good.replace('sigun: "52130"', 'sigun: "45130"'));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => `${e.file} ${e.message}`).join('\n')).toMatch(/broken-case\.md sigun: /);
    const unknown = parseCaseFile('typo.md', good.replace('year: ', 'yaer: 2020\nyear: '));
    expect(!unknown.ok && unknown.errors[0]!.message).toContain('yaer');
  });
});

describe.each(databaseTargets())('cases on $name', (target) => {
  const db = useDatabase(target);

  it('imports the files, shows them newest first, and filters them', { timeout: budget({ database: 1 }) }, async () => {
    const report = await importCases(db(), shipped.files, NOW);
    expect(report.created).toHaveLength(shipped.files.length);
    const listed = await listPublishedCases(db(), NOW);
    expect(listed.map((c) => c.id).sort()).toEqual(shipped.files.map((f) => f.slug).sort());
    const dates = listed.map((c) => c.data.publishedAt.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    // The same data the file had, as catalog/stats/kpi expect it.
    const file = one();
    const stored = (await getPublishedCaseBySlug(db(), file.slug, NOW))!;
    expect(stored.data).toEqual(file.data);
    expect(stored.body).toBe(file.body);
    const gunsanAuto = filterCases(listed, parseFilters(new URLSearchParams('sigun=52130&industry=자동차부품')));
    expect(gunsanAuto.map((c) => c.id)).toContain(file.slug);
    // A second import of the same files changes nothing.
    const again = await importCases(db(), shipped.files, at(1));
    expect(again.unchanged).toHaveLength(shipped.files.length);
  });

  it('a draft is not shown; a case published for later appears at its time; a withdrawn one is gone', async () => {
    const author = await makeUser(db(), {}, 'staff');
    const file = one();
    const draft = await saveCase(db(), { slug: 'new-case', data: { ...file.data, title: '새로 쓰는 사례의 제목입니다' }, body: file.body, userId: author.id, now: NOW });
    expect(draft.state).toBe('draft');
    expect(await getPublishedCaseBySlug(db(), 'new-case', NOW)).toBeUndefined();
    const before = await visibleCasesFingerprint(db(), at(1));
    await setCaseState(db(), draft.id, { state: 'published', publishAt: at(2), now: at(1) });
    expect(await getPublishedCaseBySlug(db(), 'new-case', at(1))).toBeUndefined();
    expect(await visibleCasesFingerprint(db(), at(1))).toBe(before);
    expect((await getPublishedCaseBySlug(db(), 'new-case', at(2)))?.data.title).toBe('새로 쓰는 사례의 제목입니다');
    expect((await listPublishedCases(db(), at(3))).map((c) => c.id)).toEqual(['new-case']);
    expect(await visibleCasesFingerprint(db(), at(3))).not.toBe(before);
    await setCaseState(db(), draft.id, { state: 'withdrawn', reason: '기업 요청', now: at(4) });
    expect(await listPublishedCases(db(), at(5))).toEqual([]);
    expect((await getCaseBySlug(db(), 'new-case'))?.stateReason).toBe('기업 요청');
  });

  it('every save is a revision; a new slug answers the old one', async () => {
    await importCases(db(), [one()], NOW);
    const row = (await getCaseBySlug(db(), 'gunsan-auto-parts-press-mes'))!;
    const editor = await makeUser(db(), {}, 'staff');
    const data = { ...caseData(row), title: '군산 자동차부품 프레스 공장의 MES 도입기' };
    await saveCase(db(), { id: row.id, slug: 'gunsan-press-mes', data, body: row.body, userId: editor.id, note: '제목과 주소 변경', now: at(1) });
    expect(await getPublishedCaseBySlug(db(), 'gunsan-auto-parts-press-mes', at(2))).toBeUndefined();
    expect(await findCaseRedirect(db(), 'gunsan-auto-parts-press-mes', at(2))).toBe('gunsan-press-mes');
    expect((await getPublishedCaseBySlug(db(), 'gunsan-press-mes', at(2)))?.data.title).toBe(data.title);
    const revisions = await db().select().from(caseRevisions);
    expect(revisions.map((r) => [r.note, r.data.title, r.data.slug])).toEqual([
      ['파일에서 가져옴', one().data.title, 'gunsan-auto-parts-press-mes'],
      ['제목과 주소 변경', data.title, 'gunsan-press-mes'],
    ]);
    // Data the schema refuses never reaches the database.
    await expect(saveCase(db(), { id: row.id, slug: 'gunsan-press-mes', data: { ...data, year: 1999 }, body: '', userId: null, now: at(3) })).rejects.toThrow();
    await expect(saveCase(db(), { id: row.id, slug: 'Not A Slug', data, body: '', userId: null, now: at(3) })).rejects.toThrow(/주소/);
  });

  it('an import never overwrites a case edited on the web since the last import: it reports the conflict', async () => {
    const [a, b] = [one('gunsan-auto-parts-press-mes'), one('buan-jeotgal-vision-inspection')];
    await importCases(db(), [a, b], NOW);
    const row = (await getCaseBySlug(db(), a.slug))!;
    await saveCase(db(), { id: row.id, slug: a.slug, data: { ...a.data, summary: `${a.data.summary} 웹에서 보탠 문장입니다.` }, body: a.body, userId: null, now: at(1) });
    // The same files again: nothing to do (the web edit stays).
    const same = await importCases(db(), [a, b], at(2));
    expect(same.unchanged.sort()).toEqual([a.slug, b.slug].sort());
    // Both files changed: b (not edited on the web) is updated, a is a conflict.
    const changedA = { ...a, body: `${a.body}\n파일에서 고친 문단.\n` };
    const changedB = { ...b, data: { ...b.data, employees: 60 } };
    const report = await importCases(db(), [changedA, changedB], at(3));
    expect(report.updated).toEqual([b.slug]);
    expect(report.conflicts.map((c) => c.slug)).toEqual([a.slug]);
    expect(report.conflicts[0]!.message).toContain(a.slug);
    expect(report.conflicts[0]!.message).toContain('웹에서 고친 사례');
    expect(describeImport(report).join('\n')).toMatch(/충돌 1건[\s\S]*충돌 — gunsan-auto-parts-press-mes/);
    expect((await getPublishedCaseBySlug(db(), a.slug, at(4)))!.data.summary).toContain('웹에서 보탠 문장');
    expect((await getPublishedCaseBySlug(db(), b.slug, at(4)))!.data.employees).toBe(60);
  });

  it('cases:export writes every published case, which cases:import reads back unchanged', { timeout: budget({ database: 1 }) }, async () => {
    const dir = tempDir();
    const dir2 = tempDir();
    try {
      await importCases(db(), shipped.files, NOW);
      const hidden = (await getCaseBySlug(db(), 'buan-jeotgal-vision-inspection'))!;
      await setCaseState(db(), hidden.id, { state: 'withdrawn', now: NOW });
      const written = await exportCases(db(), dir, at(1));
      expect(written).toHaveLength(shipped.files.length - 1);
      expect(fs.readdirSync(dir)).not.toContain('buan-jeotgal-vision-inspection.md');
      const back = await importCaseDir(db(), dir, at(2));
      expect(back.ok && back.report).toMatchObject({ created: [], updated: [], conflicts: [] });
      expect(back.ok && back.report.unchanged).toHaveLength(written.length);
      // Written again from the database: the same bytes.
      await exportCases(db(), dir2, at(3));
      for (const name of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir2, name), 'utf8')).toBe(fs.readFileSync(path.join(dir, name), 'utf8'));
      // And the very files of content/cases.
      for (const name of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, name), 'utf8'), name).toBe(fs.readFileSync(path.join('content/cases', name), 'utf8'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(dir2, { recursive: true, force: true });
    }
  });

  it('a folder with a bad file is refused as a whole, naming the file and the field', async () => {
    const dir = tempDir();
    try {
      const good = fs.readFileSync('content/cases/gunsan-auto-parts-press-mes.md', 'utf8');
      fs.writeFileSync(path.join(dir, 'good-case.md'), good);
      fs.writeFileSync(path.join(dir, 'broken-case.md'), good.replace('level: "', 'level: "최고'));
      const result = await importCaseDir(db(), dir, NOW);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.errors.map((e) => `${e.file}: ${e.message}`)).toEqual([expect.stringMatching(/^broken-case\.md: level: /)]);
      expect(await listPublishedCases(db(), NOW)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('samples:remove takes the sample cases out', async () => {
    const real = one();
    real.slug = 'real-case';
    real.data.sample = false;
    await importCases(db(), [one(), real], NOW);
    expect(await removeSampleCases(db())).toBe(1);
    expect((await listPublishedCases(db(), NOW)).map((c) => c.id)).toEqual(['real-case']);
  });

  it('builds the search index from the visible cases and serves the newest generation', { timeout: budget({ database: 1, process: 1 }) }, async () => {
    await importCases(db(), shipped.files.slice(0, 3), NOW);
    const first = await rebuildSearchIndex(db(), at(1), undefined);
    expect(first.pages).toBe(3 + 14);
    const urls = await indexedUrls(db());
    expect(urls).toContain(`/cases/${shipped.files[0]!.slug}/`);
    expect(urls).toContain('/regions/52800/');
    const cache = new IndexFileCache(0);
    const js = await cache.get(db(), 'pagefind.js');
    expect(js?.contentType).toContain('javascript');
    expect(await cache.get(db(), '../secret')).toBeUndefined();

    // A withdrawn case leaves the index once the worker notices (poll or poke).
    const gone = (await getCaseBySlug(db(), shipped.files[0]!.slug))!;
    await setCaseState(db(), gone.id, { state: 'withdrawn', now: at(2) });
    const worker = startSearchIndexWorker(db(), { staticPagesFile: undefined, pollMs: 60_000, debounceMs: 10, now: () => at(3) });
    try {
      expect(await worker.refresh()).toBe('built');
      expect(await worker.refresh()).toBe('current');
    } finally {
      await worker.stop();
    }
    expect(await indexedUrls(db())).not.toContain(`/cases/${shipped.files[0]!.slug}/`);
    const latest = (await latestGeneration(db()))!;
    expect(latest.id).toBeGreaterThan(first.id);
    expect((await cache.get(db(), 'pagefind-entry.json'))?.etag).toContain(`g${latest.id}`);
    // Only the newest two generations are kept.
    await rebuildSearchIndex(db(), at(4), undefined);
    expect(await db().$count(searchIndexGenerations)).toBe(2);
  });
});
