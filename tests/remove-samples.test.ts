import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm run samples:remove', () => {
  it('deletes sample cases and sample programme figures, and keeps real content', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-samples-'));
    fs.mkdirSync(path.join(root, 'content/cases'), { recursive: true });
    const sample = fs.readFileSync('content/cases/gunsan-auto-parts-press-mes.md', 'utf8');
    fs.writeFileSync(path.join(root, 'content/cases/sample.md'), sample);
    fs.writeFileSync(path.join(root, 'content/cases/real.md'), sample.replace('sample: true', 'sample: false'));
    fs.copyFileSync('content/programme.json', path.join(root, 'content/programme.json'));

    const output = execFileSync(process.execPath, [path.resolve('scripts/remove-samples.mjs')], { cwd: root, encoding: 'utf8' });

    expect(output).toContain('Removed 1 sample case');
    expect(fs.readdirSync(path.join(root, 'content/cases'))).toEqual(['real.md']);
    const programme = JSON.parse(fs.readFileSync(path.join(root, 'content/programme.json'), 'utf8'));
    expect(programme).toMatchObject({ sample: false, adoptions: [] });
    expect(programme.target.companies).toBe(300);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
