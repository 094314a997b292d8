// `npm run backup` beside the built server on its embedded database, as an operator does it:
// the running server writes the backup on request (src/lib/backup/live.ts) and keeps serving;
// restore refuses while it runs; once stopped, the backup restores and the server starts on it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, tempDataDir, type RunningServer } from '../helpers/server';
import { budget } from '../helpers/budgets';

const run = promisify(execFile);
const SAMPLE_NOTICE = '[샘플] 전북형 스마트공장 구축 지원사업 참여기업 모집 공고';

describe('backups of the embedded database while the server runs', () => {
  const dataDir = tempDataDir();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-backup-e2e-'));
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
  const script = (name: string, ...args: string[]) =>
    run(path.resolve('node_modules/.bin/tsx'), [path.resolve(`scripts/${name}.ts`), ...args], { env, encoding: 'utf8' });
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('the running server writes the backup and keeps serving; the backup restores once it stopped', { timeout: budget({ process: 5, request: 6 }) }, async () => {
    server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(await (await fetch(`${server.url}/notices`)).text()).toContain(SAMPLE_NOTICE);
    const file = path.join(folder, 'portal.jsonl.gz');

    const backup = await script('backup', file);
    expect(backup.stdout).toContain(`by the running server (PID ${server.process.pid})`);
    await server.waitForOutput('Backup written on request');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')).toContain(SAMPLE_NOTICE);

    const refused = await script('restore', file, '--force').catch((e) => e);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('서버를 멈춘 뒤 다시 실행하세요');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    expect(await server.stop()).toBe(0);
    server = undefined;
    expect(fs.existsSync(path.join(dataDir, 'backup-answerer.pid'))).toBe(false);
    expect((await script('restore', file, '--force')).stdout).toContain('복원 완료');
    server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(await (await fetch(`${server.url}/notices`)).text()).toContain(SAMPLE_NOTICE);
  });
});
