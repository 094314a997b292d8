// Backups of the embedded database while the portal runs. PGlite allows one process per data
// folder (src/lib/db/directory-lock.ts), so another process cannot read it — and copying the
// files under a running database is not a consistent copy. The running server makes the
// backup itself instead:
//
// 1. The server, when it opens an embedded database, listens for SIGUSR2 and writes its PID
//    to `<DATA_DIR>/backup-answerer.pid` (removed when it stops).
// 2. `npm run backup` finds the folder locked; if the lock's owner is that answering server,
//    it leaves `backup-request-<id>.json` (where to write) in the data folder and sends SIGUSR2.
//    (It never signals a process that did not say it answers: SIGUSR2 would end it.)
// 3. The server writes `backup-reply-<id>.json` {state:"working"}, makes the backup in one
//    transaction (same format and code as the script; other requests wait meanwhile — PGlite
//    has one connection), then writes the reply {state:"done"|"failed"}; the script prints it.
//
// Only the operating-system user running the server (or root) can signal it, and the request
// only names a file to write: nothing else can be asked this way.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import { createBackup, type BackupSummary } from './backup';
import { BackupError } from './format';

export const BACKUP_SIGNAL = 'SIGUSR2';
const ANSWERER = 'backup-answerer.pid';
const REQUEST = /^backup-request-([\w-]+)\.json$/;

type Reply = { state: 'working' } | { state: 'done'; summary: BackupSummary } | { state: 'failed'; error: string };

function writeAtomically(file: string, content: string): void {
  fs.writeFileSync(`${file}.tmp`, content);
  fs.renameSync(`${file}.tmp`, file);
}

const replyFile = (dataDir: string, id: string) => path.join(dataDir, `backup-reply-${id}.json`);

export interface BackupAnswerer {
  /** Stops listening; waits for a backup in progress. */
  stop(): Promise<void>;
}

/** In the server: answers backup requests left in `dataDir` when signalled. */
export function answerBackupRequests(db: Database, dataDir: string): BackupAnswerer {
  let work: Promise<void> = Promise.resolve();
  const answer = async () => {
    for (const name of fs.readdirSync(dataDir)) {
      const id = REQUEST.exec(name)?.[1];
      if (!id) continue;
      const requestFile = path.join(dataDir, name);
      let target: string;
      try {
        target = String(JSON.parse(fs.readFileSync(requestFile, 'utf8')).file);
        fs.rmSync(requestFile, { force: true });
      } catch {
        continue; // Being written, or already taken.
      }
      writeAtomically(replyFile(dataDir, id), JSON.stringify({ state: 'working' } satisfies Reply));
      let reply: Reply;
      try {
        reply = { state: 'done', summary: await createBackup(db, 'pglite', target) };
        console.log(`Backup written on request: ${target}`);
      } catch (error) {
        reply = { state: 'failed', error: error instanceof Error ? error.message : String(error) };
        console.error('Backup on request failed:', error);
      }
      writeAtomically(replyFile(dataDir, id), JSON.stringify(reply));
    }
  };
  const onSignal = () => {
    work = work.then(answer).catch((error) => console.error('Backup requests could not be read:', error));
  };
  process.on(BACKUP_SIGNAL, onSignal);
  const marker = path.join(dataDir, ANSWERER);
  writeAtomically(marker, String(process.pid));
  return {
    async stop() {
      process.off(BACKUP_SIGNAL, onSignal);
      if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === String(process.pid)) fs.rmSync(marker, { force: true });
      await work;
    },
  };
}

/** The PID of the server that holds `dataDir` and answers backup requests, if there is one. */
export function answeringServer(dataDir: string): number | undefined {
  try {
    const answerer = Number(fs.readFileSync(path.join(dataDir, ANSWERER), 'utf8'));
    const owner = Number(fs.readFileSync(path.join(dataDir, 'pglite.lock'), 'utf8'));
    if (!Number.isInteger(answerer) || answerer !== owner || answerer === process.pid) return undefined;
    process.kill(answerer, 0);
    return answerer;
  } catch {
    return undefined;
  }
}

const ACCEPT_TIMEOUT_MS = 30_000;
const POLL_MS = 200;

/** In `npm run backup`: asks the running server `pid` for a backup to `file` and waits for it. */
export async function requestLiveBackup(dataDir: string, pid: number, file: string): Promise<BackupSummary> {
  const id = randomUUID();
  writeAtomically(path.join(dataDir, `backup-request-${id}.json`), JSON.stringify({ file: path.resolve(file) }));
  process.kill(pid, BACKUP_SIGNAL);
  const started = Date.now();
  const reply = replyFile(dataDir, id);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    let answer: Reply | undefined;
    try {
      answer = JSON.parse(fs.readFileSync(reply, 'utf8')) as Reply;
    } catch {
      answer = undefined;
    }
    const alive = (() => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    })();
    if (answer?.state === 'done' || answer?.state === 'failed') {
      fs.rmSync(reply, { force: true });
      if (answer.state === 'failed') throw new BackupError(`서버가 백업하지 못했습니다 / The server could not write the backup: ${answer.error}`);
      return answer.summary;
    }
    if (!alive || (!answer && Date.now() - started > ACCEPT_TIMEOUT_MS)) {
      fs.rmSync(path.join(dataDir, `backup-request-${id}.json`), { force: true });
      throw new BackupError(
        '실행 중인 포털 서버가 백업 요청에 답하지 않습니다. 서버를 멈춘 뒤 다시 실행하세요.\n' +
          'The running portal server did not answer the backup request; stop it, then back up again.',
      );
    }
  }
}
