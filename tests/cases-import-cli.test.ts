// Case files are validated when imported (at start-up and by npm run cases:import): a bad
// file stops the import with a message that names the file and the field, and nothing of the
// folder is written; a good folder imports, and an import after a web edit reports the conflict.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDataDir } from './helpers/server';
import { MIGRATIONS } from './helpers/pglite-template';
import { budget } from './helpers/budgets';
import { openDatabase } from '../src/lib/db/client';
import { caseData, getCaseBySlug, listPublishedCases, saveCase } from '../src/lib/cases/store';

const run = promisify(execFile);

function cli(args: string[], dataDir: string) {
  return run(path.resolve('node_modules/.bin/tsx'), [path.resolve('scripts/cases.ts'), ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', MIGRATIONS_DIR: MIGRATIONS },
    timeout: 120_000,
  });
}

describe('npm run cases:import', () => {
  it('refuses a folder with a bad file, naming the file and the field; imports a good one; reports a conflict', { timeout: budget({ process: 4, database: 2 }) }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-cases-'));
    const dataDir = tempDataDir();
    const good = fs.readFileSync('content/cases/gunsan-auto-parts-press-mes.md', 'utf8');
    fs.writeFileSync(path.join(dir, 'good-case.md'), good);
    fs.writeFileSync(path.join(dir, 'broken-case.md'), good.replace('sigun: "52130"', 'sigun: "45130"'));
    try {
      try {
        await cli(['import', dir], dataDir);
        expect.unreachable('the import accepted a bad case file');
      } catch (error) {
        const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
        expect((error as { code?: number }).code).toBe(1);
        expect(output).toContain('broken-case.md — sigun:');
        expect(output).not.toContain('good-case.md');
      }
      fs.rmSync(path.join(dir, 'broken-case.md'));
      expect((await cli(['import', dir], dataDir)).stdout).toContain('새로 1건');

      // Edited on the web, then the file changes: the CLI names the conflict and keeps the web edit.
      let handle = await openDatabase({ dataDir, migrationsFolder: MIGRATIONS });
      try {
        const row = (await getCaseBySlug(handle.db, 'good-case'))!;
        await saveCase(handle.db, { id: row.id, slug: row.slug, data: { ...caseData(row), company: '웹에서 고친 회사명' }, body: row.body, userId: null, now: new Date() });
      } finally {
        await handle.close();
      }
      fs.writeFileSync(path.join(dir, 'good-case.md'), good.replace('employees: ', 'employees: 1'));
      try {
        await cli(['import', dir], dataDir);
        expect.unreachable('a conflict must not exit 0');
      } catch (error) {
        expect((error as { code?: number }).code).toBe(2);
        expect((error as { stdout: string }).stdout).toMatch(/충돌 — good-case: .*웹에서 고친 사례/);
      }
      handle = await openDatabase({ dataDir, migrationsFolder: MIGRATIONS });
      try {
        expect((await listPublishedCases(handle.db, new Date())).map((c) => c.data.company)).toEqual(['웹에서 고친 회사명']);
      } finally {
        await handle.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
