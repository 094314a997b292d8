// Case files ⇄ database. An import upserts by slug and never overwrites a case changed on the
// web since its last import (it reports a conflict instead); an export writes every visible
// case back as <slug>.md in the layout of content/cases, which imports again unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import { caseRevisions, cases, caseSlugRedirects, type CaseRow } from '../db/schema';
import { contentHash, formatCaseFile, readCaseDir, type CaseFile, type CaseFileError } from './files';
import { caseData, contentColumns, listPublishedCases, revisionData } from './store';
import { formatDateTime } from '../dates';

export interface ImportConflict {
  slug: string;
  /** Korean, for the CLI and the start-up log. */
  message: string;
}

export interface ImportReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  conflicts: ImportConflict[];
}

/** Whether a case's content was changed on the web after it was last imported. */
export function editedOnWebSinceImport(row: Pick<CaseRow, 'editedAt' | 'importedAt'>): boolean {
  return !!row.editedAt && (!row.importedAt || row.editedAt > row.importedAt);
}

/**
 * Upserts validated case files by slug. A new case is published at once (as the files always
 * were); an existing one gets the file's content unless it was edited on the web since its
 * last import and the file differs from it. Editorial state is never changed by an import.
 */
export async function importCases(db: Database, files: readonly CaseFile[], now: Date): Promise<ImportReport> {
  const report: ImportReport = { created: [], updated: [], unchanged: [], conflicts: [] };
  if (files.length === 0) return report;
  const existing = new Map(
    (await db.select().from(cases).where(inArray(cases.slug, files.map((f) => f.slug)))).map((row) => [row.slug, row]),
  );
  for (const file of files) {
    const hash = contentHash(file.data, file.body);
    const row = existing.get(file.slug);
    const columns = contentColumns(file.data, file.body);
    if (!row) {
      const made = await db.transaction(async (tx) => {
        // Several instances starting at once import the same files: the first one creates.
        const [created] = await tx
          .insert(cases)
          .values({ ...columns, slug: file.slug, state: 'published', publishAt: now, importedHash: hash, importedAt: now, createdAt: now, updatedAt: now })
          .onConflictDoNothing({ target: cases.slug })
          .returning();
        if (!created) return false;
        await tx.delete(caseSlugRedirects).where(eq(caseSlugRedirects.slug, file.slug));
        await tx.insert(caseRevisions).values({ caseId: created.id, data: revisionData(created), note: '파일에서 가져옴', createdAt: now });
        return true;
      });
      (made ? report.created : report.unchanged).push(file.slug);
      continue;
    }
    const current = contentHash(caseData(row), row.body);
    if (hash === current || hash === row.importedHash) {
      // Same as the database, or the file has not changed since the last import (a web edit stays).
      if (hash === current && row.importedHash !== hash) {
        await db.update(cases).set({ importedHash: hash, importedAt: now }).where(eq(cases.id, row.id));
      }
      report.unchanged.push(file.slug);
      continue;
    }
    if (editedOnWebSinceImport(row)) {
      report.conflicts.push({
        slug: file.slug,
        message: `${file.slug}: 마지막 가져오기${row.importedAt ? `(${formatDateTime(row.importedAt)})` : ''} 뒤에 웹에서 고친 사례라 파일 내용으로 덮어쓰지 않았습니다. 웹에서 고친 내용을 내보내 파일과 맞춘 뒤 다시 가져오세요.`,
      });
      continue;
    }
    await db.transaction(async (tx) => {
      const [updated] = (await tx
        .update(cases)
        .set({ ...columns, importedHash: hash, importedAt: now, updatedAt: now })
        .where(eq(cases.id, row.id))
        .returning()) as [CaseRow];
      await tx.insert(caseRevisions).values({ caseId: row.id, data: revisionData(updated), note: '파일에서 가져옴', createdAt: now });
    });
    report.updated.push(file.slug);
  }
  return report;
}

/** Writes every case visible at `now` as `<dir>/<slug>.md`; returns the slugs written. */
export async function exportCases(db: Database, dir: string, now: Date): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const published = await listPublishedCases(db, now);
  for (const c of published) fs.writeFileSync(path.join(dir, `${c.id}.md`), formatCaseFile(c.data, c.body));
  return published.map((c) => c.id);
}

/** The report as the CLI and the start-up log print it (Korean). */
export function describeImport(report: ImportReport): string[] {
  return [
    `사례 가져오기: 새로 ${report.created.length}건, 갱신 ${report.updated.length}건, 그대로 ${report.unchanged.length}건, 충돌 ${report.conflicts.length}건`,
    ...report.conflicts.map((c) => `충돌 — ${c.message}`),
  ];
}

/**
 * Validates every file of `dir` and imports them. One bad file refuses the whole import
 * (nothing is written), naming each file and field, so a folder is never half applied.
 */
export async function importCaseDir(
  db: Database,
  dir: string,
  now: Date,
): Promise<{ ok: true; report: ImportReport } | { ok: false; errors: CaseFileError[] }> {
  const { files, errors } = readCaseDir(dir);
  if (errors.length) return { ok: false, errors };
  return { ok: true, report: await importCases(db, files, now) };
}

/** `broken-case.md — sigun: …` */
export function describeFileErrors(errors: readonly CaseFileError[]): string[] {
  return [`사례 파일 ${new Set(errors.map((e) => e.file)).size}개가 올바르지 않아 아무것도 가져오지 않았습니다.`, ...errors.map((e) => `${e.file} — ${e.message}`)];
}
