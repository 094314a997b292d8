// A bad case file must stop the build with a message that names the file and the field.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('case files are validated when the site is built', () => {
  it('stops with the file and field named', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-cases-'));
    const good = fs.readFileSync('content/cases/gunsan-auto-parts-press-mes.md', 'utf8');
    fs.writeFileSync(path.join(dir, 'good-case.md'), good);
    fs.writeFileSync(path.join(dir, 'broken-case.md'), good.replace('sigun: "52130"', 'sigun: "45130"'));
    try {
      await run('npx', ['astro', 'sync'], { env: { ...process.env, CASES_DIR: dir }, timeout: 120_000 });
      expect.unreachable('the build accepted a bad case file');
    } catch (error) {
      const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
      expect(output).toContain('broken-case');
      expect(output).toContain('sigun');
      expect(output).not.toContain('good-case.md');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
