// Backups and restore (src/lib/backup, scripts/backup.ts, scripts/restore.ts): a round trip
// on each database (back up, change things, restore: the change is gone and every row,
// sequence and uploaded file's bytes are back), refusals (non-empty target without --force,
// a truncated file, a backup from a newer portal) that leave the database as it was, the
// scripts on an embedded data folder (refusing while a server holds it), and the move of a
// portal from the embedded default to a PostgreSQL server.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { databaseTargets, createServerDatabase, useDatabase } from './helpers/database';
import { MIGRATIONS, templateTarball } from './helpers/pglite-template';
import { TEST_DATABASE_URL } from './helpers/requirements';
import { makeUser, GOOD_PASSWORD } from './helpers/accounts';
import { loadTemplate, answerAll } from './helpers/checklists';
import * as fx from './helpers/file-fixtures';
import { budget } from './helpers/budgets';
import { openDatabase, rowsOf, type Database } from '../src/lib/db/client';
import { createBackup, tablePlans } from '../src/lib/backup/backup';
import { restoreBackup } from '../src/lib/backup/restore';
import { BackupError } from '../src/lib/backup/format';
import { answerBackupRequests } from '../src/lib/backup/live';
import { boardBySlug } from '../src/lib/forum/boards';
import { createThread, reply } from '../src/lib/forum/posts';
import { createNotice } from '../src/lib/notices/notices';
import { saveAssessment, listAssessments } from '../src/lib/checklists/assessments';
import { saveUpload, setAttachments } from '../src/lib/files/files';
import { readFileSettings } from '../src/lib/files/limits';
import { databaseBlobStore } from '../src/lib/files/store';
import { getUserByEmail } from '../src/lib/auth/user';
import { verifyPassword } from '../src/lib/auth/password';
import { announcements, mailJobs, posts, users } from '../src/lib/db/schema';

const run = promisify(execFile);
const template = loadTemplate('smart-factory-readiness');
const settings = readFileSettings({});
let folder: string;
beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-backup-'));
});
afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});
let fileNumber = 0;
const tmp = (name: string) => path.join(folder, `${fileNumber++}-${name}`);

/** Every row of every table, as text, in key order: "everything is back" means this is equal. */
async function snapshot(db: Database): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const plan of await tablePlans(db)) {
    const order = plan.primaryKey.length ? `order by ${plan.primaryKey.map((c) => `"${c}"`).join(', ')}` : 'order by 1';
    result[plan.name] = rowsOf<{ line: string }>(await db.execute(sql.raw(`select to_jsonb(t)::text as line from public."${plan.name}" t ${order}`))).map((r) => r.line);
  }
  return result;
}

async function readBytes(db: Database, sha256: string, size: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of databaseBlobStore.read(db, sha256, 0, size - 1)) parts.push(part);
  return Buffer.concat(parts);
}

/** A small living portal: members, a thread with a reply (and its notification), a notice with a PDF, a photo, a checklist result. */
async function populate(db: Database) {
  const member = await makeUser(db, { displayName: '김전주' });
  const staff = await makeUser(db, {}, 'staff');
  const board = (await boardBySlug(db, 'free'))!;
  const { threadId } = await createThread(db, { boardId: board.id, authorId: member.id, title: 'MES 도입 후기', body: '첫 글입니다', sigunCode: '52110', industry: null, submissionKey: 'k1' });
  await reply(db, { threadId, authorId: staff.id, body: '답글입니다 @' + member.handle, submissionKey: 'k2' });
  const now = new Date();
  const notice = await createNotice(db, {
    fields: { title: '2027년 지원사업 공고', body: '본문', category: 'business', sigunCode: null, licence: 'KOGL-1', deadline: null, attachments: [] },
    publication: { status: 'published', publishAt: now },
    authorId: staff.id,
    now,
  });
  const pdfBytes = fx.pdf('공고문', 700 * 1024); // several chunks
  const pdfPath = tmp('notice.pdf');
  fs.writeFileSync(pdfPath, pdfBytes);
  const pdf = await saveUpload(db, { path: pdfPath, name: '공고문.pdf', size: pdfBytes.length, uploader: staff, settings, store: databaseBlobStore, now });
  await setAttachments(db, { owner: { noticeId: notice.id }, actor: staff, items: [{ id: pdf.id }], now });
  const photoBytes = await fx.png(64, 48);
  const photoPath = tmp('photo.png');
  fs.writeFileSync(photoPath, photoBytes);
  const photo = await saveUpload(db, { path: photoPath, name: '현장.png', size: photoBytes.length, uploader: member, settings, store: databaseBlobStore, now });
  const assessment = await saveAssessment(db, {
    user: member,
    template,
    answers: answerAll(template, 'partial'),
    company: { sigunCode: '52110', industry: '기계', targetLevel: '기초' },
  });
  return { member, staff, threadId, notice, pdf, pdfBytes, photo, assessment: assessment! };
}

describe.each(databaseTargets())('backup and restore on $name', (target) => {
  const db = useDatabase(target);
  const source = target.name;

  it('round trip: the change after the backup is gone, every row, sequence and file is back', { timeout: budget({ database: 2 }) }, async () => {
    const made = await populate(db());
    const before = await snapshot(db());
    const file = tmp('round.jsonl.gz');
    const summary = await createBackup(db(), source, file);
    expect(summary.rows.users).toBe(2);
    expect(summary.rows.file_chunks).toBeGreaterThanOrEqual(3);

    // Changes after the backup.
    await db().update(users).set({ displayName: '바뀐 이름' }).where(eq(users.id, made.member.id));
    await db().delete(announcements).where(eq(announcements.id, made.notice.id));
    const late = await reply(db(), { threadId: made.threadId, authorId: made.member.id, body: '백업 뒤에 쓴 글', submissionKey: 'k3' });
    const intruder = await makeUser(db());

    // A non-empty database is refused without --force, and nothing changes.
    await expect(restoreBackup(db(), MIGRATIONS, file)).rejects.toThrow(/비어 있지 않습니다/);
    expect(await db().$count(users)).toBe(3);

    const restored = await restoreBackup(db(), MIGRATIONS, file, { force: true });
    expect(restored.rows).toEqual(summary.rows);
    expect(restored.migrationsApplied).toBe(0);
    expect(await snapshot(db())).toEqual(before);
    expect((await db().select().from(users).where(eq(users.id, made.member.id)))[0]!.displayName).toBe('김전주');
    expect(await db().$count(posts, eq(posts.id, late.post.id))).toBe(0);
    expect(await db().$count(users, eq(users.id, intruder.id))).toBe(0);
    expect(await readBytes(db(), made.pdf.sha256, made.pdf.size)).toEqual(made.pdfBytes);
    expect((await listAssessments(db(), made.member.id)).map((a) => a.overallScore)).toEqual([made.assessment.overallScore]);

    // Sequences are where they were: new rows take the next ids, never a restored one's.
    const newcomer = await makeUser(db());
    expect(newcomer.id).toBe(intruder.id);
    const again = await reply(db(), { threadId: made.threadId, authorId: made.member.id, body: '복원 뒤의 글', submissionKey: 'k4' });
    expect(again.post.id).toBe(late.post.id);
    expect(again.post.number).toBe(3);
  });

  it('refuses a truncated backup and one from a newer portal, leaving the database as it was', { timeout: budget({ database: 1 }) }, async () => {
    await populate(db());
    const file = tmp('full.jsonl.gz');
    await createBackup(db(), source, file);
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
    await makeUser(db(), { displayName: '남아야 할 회원' });
    const before = await snapshot(db());

    const truncated = tmp('truncated.jsonl.gz');
    fs.writeFileSync(truncated, zlib.gzipSync(`${lines.slice(0, -4).join('\n')}\n`));
    await expect(restoreBackup(db(), MIGRATIONS, truncated, { force: true })).rejects.toThrow(/끊겼습니다|손상/);
    expect(await snapshot(db())).toEqual(before);

    const cut = tmp('cut.jsonl.gz');
    const whole = fs.readFileSync(file);
    fs.writeFileSync(cut, whole.subarray(0, whole.length - 200));
    await expect(restoreBackup(db(), MIGRATIONS, cut, { force: true })).rejects.toThrow(/손상/);
    expect(await snapshot(db())).toEqual(before);

    const header = JSON.parse(lines[0]!);
    header.migrations.push({ hash: 'f'.repeat(64), when: Date.now() + 1e9 });
    const newer = tmp('newer.jsonl.gz');
    fs.writeFileSync(newer, zlib.gzipSync([JSON.stringify(header), ...lines.slice(1)].join('\n')));
    const error = await restoreBackup(db(), MIGRATIONS, newer, { force: true }).catch((e) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect(error.message).toMatch(/더 새 버전/);
    expect(await snapshot(db())).toEqual(before);

    const notGzip = tmp('plain.txt');
    fs.writeFileSync(notGzip, 'hello');
    await expect(restoreBackup(db(), MIGRATIONS, notGzip, { force: true })).rejects.toThrow(BackupError);
  });

  it('restores a backup of an older schema level, then applies the newer migrations', { timeout: budget({ database: 1 }) }, async () => {
    const made = await populate(db());
    const file = tmp('level.jsonl.gz');
    await createBackup(db(), source, file);
    // Pretend the backup was made before notice subscriptions existed (the migration whose data
    // part marks published notices as announced): drop that migration and every later one from
    // the header, with the tables they created and the columns they added to older tables.
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!);
    const all = header.migrations.length;
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const level = journal.entries.findIndex((e) => e.tag.endsWith('_notice-subscriptions'));
    expect(level).toBeGreaterThan(0);
    const laterSql = journal.entries.slice(level).map((e) => fs.readFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), 'utf8')).join('\n');
    const laterTables = new Set([...laterSql.matchAll(/CREATE TABLE "([a-z_]+)"/g)].map((m) => m[1]!));
    const laterColumns = [...laterSql.matchAll(/ALTER TABLE "([a-z_]+)" ADD COLUMN "([a-z_]+)"/g)].map((m) => [m[1]!, m[2]!] as const);
    header.migrations = header.migrations.slice(0, level);
    const older: string[] = [JSON.stringify(header)];
    let table = '';
    for (const line of lines.slice(1)) {
      const item = JSON.parse(line);
      if (item['@'] === 'table') table = item.name;
      if (item['@'] === 'sequence' ? laterTables.has(item.table) : laterTables.has(table) && item['@'] !== 'end') continue;
      if (item['@'] === 'end') for (const t of laterTables) delete item.rows[t];
      for (const [t, column] of laterColumns) {
        if (t !== table) continue;
        if (item['@'] === 'table') item.columns = item.columns.filter((c: string) => c !== column);
        else if (!item['@']) delete item[column];
      }
      older.push(JSON.stringify(item));
    }
    expect(older.some((l) => l.includes(`"notice:${made.notice.id}"`))).toBe(false);
    const olderFile = tmp('older.jsonl.gz');
    fs.writeFileSync(olderFile, zlib.gzipSync(older.join('\n')));
    const restored = await restoreBackup(db(), MIGRATIONS, olderFile, { force: true });
    expect(restored).toMatchObject({ backupLevel: level, migrationsApplied: all - level });
    expect((await getUserByEmail(db(), made.member.email))?.displayName).toBe('김전주');
    const [applied] = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
    expect(applied!.n).toBe(all);
    // The notice-subscription migration's data part ran on the restored rows: the published notice counts as announced.
    expect(await db().$count(mailJobs, eq(mailJobs.key, `notice:${made.notice.id}`))).toBe(1);
  });
});

describe('npm run backup / npm run restore on the embedded database', () => {
  it('backs up through the running server, refuses to restore under it, restores once it stopped (--force to replace)', { timeout: budget({ database: 3, process: 6 }) }, async () => {
    const dataDir = path.join(folder, 'data');
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', MIGRATIONS_DIR: MIGRATIONS };
    const tsx = path.resolve('node_modules/.bin/tsx');
    const script = (name: string, ...args: string[]) => run(tsx, [path.resolve(`scripts/${name}.ts`), ...args], { env, encoding: 'utf8' });
    // This test process plays the server: it holds the data folder (another PID than the scripts').
    let handle = await openDatabase({ dataDir, migrationsFolder: MIGRATIONS, loadDataDir: templateTarball() });
    const made = await populate(handle.db);
    const liveFile = path.join(folder, 'live.jsonl.gz');

    // A process holding the folder that does not answer backup requests is never signalled.
    const refused = await script('backup', liveFile).catch((e) => e);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('서버를 멈춘 뒤 다시 실행하세요');
    expect(fs.existsSync(liveFile)).toBe(false);

    const answerer = answerBackupRequests(handle.db, dataDir);
    const live = await script('backup', liveFile);
    expect(live.stdout).toContain('백업 완료');
    expect(live.stdout).toContain(`by the running server (PID ${process.pid})`);
    const underServer = await script('restore', liveFile, '--force').catch((e) => e);
    expect(underServer.code).toBe(1);
    expect(underServer.stderr).toContain('서버를 멈춘 뒤 다시 실행하세요');
    await answerer.stop();
    await handle.db.delete(announcements);
    await handle.close();

    // Stopped: the scripts open the folder themselves.
    const offlineFile = path.join(folder, 'offline.jsonl.gz');
    expect((await script('backup', offlineFile)).stdout).toContain('백업 완료');
    const notEmpty = await script('restore', liveFile).catch((e) => e);
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.stderr).toContain('--force');
    const restored = await script('restore', liveFile, '--force');
    expect(restored.stdout).toContain('복원 완료');
    handle = await openDatabase({ dataDir, migrationsFolder: MIGRATIONS });
    try {
      expect((await handle.db.select().from(announcements)).map((n) => n.id)).toEqual([made.notice.id]);
      expect(await readBytes(handle.db, made.pdf.sha256, made.pdf.size)).toEqual(made.pdfBytes);
    } finally {
      await handle.close();
    }
    // The backup taken after the notice was deleted has none.
    expect(zlib.gunzipSync(fs.readFileSync(offlineFile)).toString('utf8')).not.toContain('2027년 지원사업 공고');
    expect(zlib.gunzipSync(fs.readFileSync(liveFile)).toString('utf8')).toContain('2027년 지원사업 공고');
  });
});

describe.skipIf(!TEST_DATABASE_URL)('moving from the embedded database to PostgreSQL', () => {
  it('a PGlite backup restores into an empty PostgreSQL database: members sign in, posts, results and files are there', { timeout: budget({ database: 3, process: 1 }) }, async () => {
    const embedded = await openDatabase({ migrationsFolder: MIGRATIONS, loadDataDir: templateTarball() });
    const file = tmp('move.jsonl.gz');
    let made: Awaited<ReturnType<typeof populate>>;
    let before: Record<string, string[]>;
    try {
      made = await populate(embedded.db);
      before = await snapshot(embedded.db);
      await createBackup(embedded.db, 'pglite', file);
    } finally {
      await embedded.close();
    }
    const server = await createServerDatabase();
    // As the README says: DATABASE_URL=… npm run restore FILE, into a new, empty database.
    const restored = await run(path.resolve('node_modules/.bin/tsx'), [path.resolve('scripts/restore.ts'), file], {
      env: { ...process.env, DATABASE_URL: server.url, MIGRATIONS_DIR: MIGRATIONS },
      encoding: 'utf8',
    }).catch(async (error) => {
      await server.drop();
      throw error;
    });
    expect(restored.stdout).toContain('into PostgreSQL');
    const handle = await openDatabase({ databaseUrl: server.url, migrationsFolder: MIGRATIONS });
    try {
      expect(await snapshot(handle.db)).toEqual(before);
      const member = (await getUserByEmail(handle.db, made.member.email))!;
      expect(await verifyPassword(member.passwordHash, GOOD_PASSWORD)).toBe(true);
      expect((await listAssessments(handle.db, member.id))[0]?.overallScore).toBe(made.assessment.overallScore);
      expect(await readBytes(handle.db, made.pdf.sha256, made.pdf.size)).toEqual(made.pdfBytes);
      const newcomer = await makeUser(handle.db);
      expect(newcomer.id).toBe(made.staff.id + 1);
    } finally {
      await handle.close();
      await server.drop();
    }
  });
});
