// Files: type decided by content (every allowed type accepted, disguised files refused),
// photos re-encoded without EXIF/GPS, content stored once in chunks and read back by range,
// access following what a file belongs to, the daily quota, the sweep of unattached files
// with a moved clock, an admin's takedown, and account deletion keeping files of posts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import * as fx from './helpers/file-fixtures';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import type { Database } from '../src/lib/db/client';
import { detectFile, FileRefused } from '../src/lib/files/detect';
import { readFileSettings } from '../src/lib/files/limits';
import { CHUNK_BYTES, databaseBlobStore, storedBytes } from '../src/lib/files/store';
import { filesByIds, filesOf, findServable, saveUpload, setAttachments, sweepUnattached, takeDown } from '../src/lib/files/files';
import { contentDisposition, parseRange } from '../src/lib/files/http';
import { createNotice } from '../src/lib/notices/notices';
import { boardBySlug } from '../src/lib/forum/boards';
import { createThread, deletePost } from '../src/lib/forum/posts';
import { setHidden } from '../src/lib/forum/moderation';
import { deleteAccount } from '../src/lib/admin/users';
import { listAudit } from '../src/lib/admin/audit';
import { fileBlobs, files, posts } from '../src/lib/db/schema';

const settings = readFileSettings({});
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'files-test-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

let n = 0;
async function onDisk(data: Buffer): Promise<string> {
  const file = path.join(folder, `f${n++}`);
  await writeFile(file, data);
  return file;
}

async function detect(data: Buffer, name: string) {
  return detectFile(await onDisk(data), name, settings);
}

async function refusal(data: Buffer, name: string): Promise<string> {
  try {
    await detect(data, name);
  } catch (error) {
    if (error instanceof FileRefused) return error.message;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe('type by content', () => {
  it.each([
    ['photo.jpg', () => fx.jpegWithGps(), 'jpeg'],
    ['그림.png', () => fx.png(), 'png'],
    ['a.webp', () => fx.webp(), 'webp'],
    ['a.gif', () => fx.gif(), 'gif'],
    ['공고문.pdf', () => fx.pdf(), 'pdf'],
    ['2027년 스마트공장 지원사업 공고문(최종).hwp', () => fx.hwp(), 'hwp'],
    ['신청서.hwpx', () => fx.hwpx(), 'hwpx'],
    ['계획서.docx', () => fx.docx(), 'docx'],
    ['실적.xlsx', () => fx.xlsx(), 'xlsx'],
    ['발표.pptx', () => fx.pptx(), 'pptx'],
    ['자료.zip', () => fx.plainZip(), 'zip'],
    ['목록.csv', () => fx.csv(), 'csv'],
    ['안내.txt', () => fx.txt(), 'txt'],
  ] as const)('accepts %s as %s', async (name, make, type) => {
    expect((await detect(await make(), name)).type).toBe(type);
  });

  it('refuses disguised and dangerous files with Korean messages', async () => {
    expect(await refusal(fx.html(), '공고문.hwp')).toMatch(/HTML/);
    expect(await refusal(fx.svg(), 'photo.jpg')).toMatch(/SVG/);
    expect(await refusal(fx.elf(), '공고문.pdf')).toMatch(/실행 파일/);
    expect(await refusal(fx.exe(), '서식.pdf')).toMatch(/실행 파일/);
    expect(await refusal(fx.zipBomb(), 'data.zip')).toMatch(/압축 폭탄/);
    expect(await refusal(fx.pdf(), '공고문.hwp')).toMatch(/PDF.*\.hwp.*맞지 않습니다/);
    expect(await refusal(await fx.png(), 'photo.jpg')).toMatch(/맞지 않습니다/);
    expect(await refusal(fx.docx(), 'a.xlsx')).toMatch(/맞지 않습니다/);
    expect(await refusal(fx.oleWithoutHwp(), 'old.hwp')).toMatch(/예전 오피스 형식/);
    expect(await refusal(fx.heic(), 'IMG_0001.heic')).toMatch(/JPEG로 저장/);
    expect(await refusal(Buffer.alloc(0), 'empty.txt')).toMatch(/빈 파일/);
  });
});

describe('zip bombs by ratio', () => {
  it('refuses a zip that really unpacks 200× its size', async () => {
    const bomb = fx.zip([{ name: 'zeros.bin', data: Buffer.alloc(120 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await refusal(bomb, 'zeros.zip')).toMatch(/압축 폭탄/);
  });
});

describe('download headers', () => {
  it('names the file in UTF-8 per RFC 5987 with an ASCII fallback', () => {
    const header = contentDisposition('attachment', '2027년 스마트공장 지원사업 공고문(최종).hwp');
    expect(header).toBe(
      `attachment; filename="2027_ _____ ____ ___(__).hwp"; filename*=UTF-8''2027%EB%85%84%20%EC%8A%A4%EB%A7%88%ED%8A%B8%EA%B3%B5%EC%9E%A5%20%EC%A7%80%EC%9B%90%EC%82%AC%EC%97%85%20%EA%B3%B5%EA%B3%A0%EB%AC%B8%28%EC%B5%9C%EC%A2%85%29.hwp`,
    );
  });
  it('reads byte ranges', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBe('invalid');
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeUndefined();
  });
});

async function readAll(db: Database, sha256: string, start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of databaseBlobStore.read(db, sha256, start, end)) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

for (const target of databaseTargets()) {
  describe(`files in the database (${target.name})`, () => {
    const db = useDatabase(target);
    const NOW = new Date('2026-12-01T03:00:00Z');
    const later = (hours: number) => new Date(NOW.getTime() + hours * 3600_000);

    async function upload(uploader: { id: number; role: 'member' | 'mentor' | 'staff' | 'admin' }, data: Buffer, name: string, now = NOW) {
      return saveUpload(db(), { path: await onDisk(data), name, size: data.length, uploader, settings, store: databaseBlobStore, now });
    }

    it('re-encodes a photo: GPS and EXIF gone, orientation applied, WebP copies beside a JPEG', async () => {
      const member = await makeUser(db());
      const original = await fx.jpegWithGps(1200, 800);
      const before = await sharp(original).metadata();
      expect(before.orientation).toBe(6);
      expect(before.exif?.includes(Buffer.from('GPS-1'))).toBe(true);
      const file = await upload(member, original, '현장 사진.jpg');
      expect(file).toMatchObject({ kind: 'image', type: 'jpeg', width: 800, height: 1200 }); // orientation 6 = rotated
      const stored = await readAll(db(), file.sha256, 0, file.size - 1);
      const meta = await sharp(stored).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(stored.includes(Buffer.from('GPS-1'))).toBe(false);
      const servable = await findServable(db(), file.sha256, member, NOW);
      expect(servable).toMatchObject({ mime: 'image/jpeg', name: '현장 사진.jpg' });
      const [view] = await filesByIds(db(), [file.id], member);
      expect(view!.variants.map((v) => [v.mime, v.width])).toEqual([['image/webp', 640], ['image/webp', 800]]);
      const webpCopy = await readAll(db(), view!.variants[0]!.url.split('/')[2]!, 0, 20);
      expect(webpCopy.subarray(8, 12).toString('latin1')).toBe('WEBP');
    });

    it('keeps the long side at 2,000 px and refuses pixel bombs', async () => {
      const member = await makeUser(db());
      const big = await upload(member, await fx.png(3000, 1000, true), 'wide.png');
      expect(big).toMatchObject({ type: 'png', width: 2000, height: 667 });
      await expect(upload(member, fx.pixelBomb(), 'bomb.png')).rejects.toThrow(/화소 수|읽을 수 없습니다/);
    });

    it('stores content once, in 256 KB chunks, and reads any byte range back', async () => {
      const member = await makeUser(db());
      const data = fx.pdf('range', 700 * 1024);
      const first = await upload(member, data, '자료.pdf');
      const second = await upload(member, data, '같은 자료.pdf');
      expect(second.sha256).toBe(first.sha256);
      expect(second.id).not.toBe(first.id);
      expect(await storedBytes(db())).toBe(data.length);
      expect(await readAll(db(), first.sha256, 0, data.length - 1)).toEqual(data);
      const from = CHUNK_BYTES - 10;
      expect(await readAll(db(), first.sha256, from, from + CHUNK_BYTES + 20)).toEqual(data.subarray(from, from + CHUNK_BYTES + 21));
    });

    it('refuses oversized files and more than the daily total; staff may upload more', async () => {
      const tight = readFileSettings({ FILES_DOCUMENT_MAX_MB: '0.5', FILES_DAILY_MB: '1', FILES_STAFF_DOCUMENT_MAX_MB: '2' });
      const member = await makeUser(db());
      const staff = await makeUser(db(), {}, 'staff');
      const data = fx.pdf('big', 600 * 1024);
      const save = (who: typeof member, d: Buffer, name: string) =>
        onDisk(d).then((p) => saveUpload(db(), { path: p, name, size: d.length, uploader: who, settings: tight, store: databaseBlobStore, now: NOW }));
      await expect(save(member, data, 'big.pdf')).rejects.toThrow(/문서 파일은 512KB까지/);
      await expect(save(staff, data, 'big.pdf')).resolves.toMatchObject({ type: 'pdf' });
      await save(member, fx.pdf('a', 400 * 1024), 'a.pdf');
      await save(member, fx.pdf('b', 400 * 1024), 'b.pdf');
      await expect(save(member, fx.pdf('c', 400 * 1024), 'c.pdf')).rejects.toThrow(/하루에 올릴 수 있는 용량/);
    });

    it('serves a file only to those who may see what it belongs to', async () => {
      const member = await makeUser(db());
      const other = await makeUser(db());
      const staff = await makeUser(db(), {}, 'staff');
      const free = (await boardBySlug(db(), 'free'))!;
      const alumni = (await boardBySlug(db(), 'alumni'))!;
      const may = async (sha: string, who: typeof member | null) => !!(await findServable(db(), sha, who, NOW));

      // Just uploaded: only the uploader (and moderators).
      const loose = await upload(member, fx.txt(), 'memo.txt');
      expect([await may(loose.sha256, member), await may(loose.sha256, other), await may(loose.sha256, null), await may(loose.sha256, staff)]).toEqual([true, false, false, true]);

      // Members-only board: members yes, guests no.
      const secret = await upload(member, fx.pdf('alumni'), 'alumni.pdf');
      const { threadId } = await createThread(db(), { boardId: alumni.id, authorId: member.id, title: '선배 이야기', body: '본문', sigunCode: null, industry: null, submissionKey: 'k1' });
      const [post] = await db().select().from(posts).where(eq(posts.threadId, threadId));
      await setAttachments(db(), { owner: { postId: post!.id }, actor: member, items: [{ id: secret.id }], now: NOW });
      expect([await may(secret.sha256, other), await may(secret.sha256, null)]).toEqual([true, false]);

      // Public board, then hidden, then deleted: guests and members lose it, moderators keep it.
      const open = await upload(member, fx.pdf('free'), 'free.pdf');
      const t2 = await createThread(db(), { boardId: free.id, authorId: member.id, title: '공개 글', body: '본문', sigunCode: null, industry: null, submissionKey: 'k2' });
      const [post2] = await db().select().from(posts).where(eq(posts.threadId, t2.threadId));
      await setAttachments(db(), { owner: { postId: post2!.id }, actor: member, items: [{ id: open.id }], now: NOW });
      expect((await findServable(db(), open.sha256, null, NOW))?.public).toBe(true);
      await setHidden(db(), post2!.id, 'moderator');
      expect([await may(open.sha256, null), await may(open.sha256, other), await may(open.sha256, staff)]).toEqual([false, false, true]);
      await setHidden(db(), post2!.id, null);
      await deletePost(db(), post2!.id);
      expect([await may(open.sha256, null), await may(open.sha256, staff)]).toEqual([false, true]);

      // Draft and scheduled notices: staff only; published: everyone.
      const notice = await createNotice(db(), {
        fields: { title: '공고', body: '본문', category: 'business', sigunCode: null, licence: 'KOGL-1', deadline: null, attachments: [] },
        publication: { status: 'draft', publishAt: null },
        authorId: staff.id,
        now: NOW,
      });
      const form = await upload(staff, fx.hwp(), '신청서.hwp');
      await setAttachments(db(), { owner: { noticeId: notice.id }, actor: staff, items: [{ id: form.id }], now: NOW });
      expect([await may(form.sha256, null), await may(form.sha256, member), await may(form.sha256, staff)]).toEqual([false, false, true]);
      const { setPublication } = await import('../src/lib/notices/notices');
      await setPublication(db(), notice.id, { status: 'published', publishAt: later(2) }, NOW);
      expect(await may(form.sha256, null)).toBe(false);
      expect(!!(await findServable(db(), form.sha256, null, later(3)))).toBe(true);
    });

    it('attaches only own, free files, in the given order, and lets go of removed ones', async () => {
      const staff = await makeUser(db(), {}, 'staff');
      const stranger = await makeUser(db());
      const notice = await createNotice(db(), {
        fields: { title: '공고', body: '본문', category: 'business', sigunCode: null, licence: 'KOGL-1', deadline: null, attachments: [] },
        publication: { status: 'published', publishAt: NOW },
        authorId: staff.id,
        now: NOW,
      });
      const a = await upload(staff, fx.pdf('a'), 'a.pdf');
      const b = await upload(staff, fx.hwpx(), 'b.hwpx');
      const theirs = await upload(stranger, fx.txt(), 'theirs.txt');
      await setAttachments(db(), { owner: { noticeId: notice.id }, actor: staff, items: [{ id: b.id }, { id: a.id }, { id: theirs.id }], now: NOW });
      expect((await filesOf(db(), { noticeId: notice.id })).map((f) => f.name)).toEqual(['b.hwpx', 'a.pdf']);
      await setAttachments(db(), { owner: { noticeId: notice.id }, actor: staff, items: [{ id: a.id }], now: later(1) });
      expect((await filesOf(db(), { noticeId: notice.id })).map((f) => f.name)).toEqual(['a.pdf']);
    });

    it('sweeps files attached to nothing for a day (clock moved), and their content', async () => {
      const member = await makeUser(db());
      const kept = await upload(member, fx.pdf('kept'), 'kept.pdf');
      const free = (await boardBySlug(db(), 'free'))!;
      const t = await createThread(db(), { boardId: free.id, authorId: member.id, title: '글', body: '본문', sigunCode: null, industry: null, submissionKey: 'k3' });
      const [post] = await db().select().from(posts).where(eq(posts.threadId, t.threadId));
      await setAttachments(db(), { owner: { postId: post!.id }, actor: member, items: [{ id: kept.id }], now: NOW });
      const loose = await upload(member, await fx.png(), 'loose.png');
      expect(await sweepUnattached(db(), databaseBlobStore, later(23))).toEqual({ files: 0, blobs: 0 });
      const swept = await sweepUnattached(db(), databaseBlobStore, later(25));
      expect(swept.files).toBe(1);
      expect(swept.blobs).toBeGreaterThanOrEqual(2); // the PNG and its WebP copy
      expect(await db().select().from(files)).toHaveLength(1);
      expect(await db().select().from(fileBlobs).where(eq(fileBlobs.sha256, loose.sha256))).toHaveLength(0);
      expect(await readAll(db(), kept.sha256, 0, 3)).toEqual(Buffer.from('%PDF'));
    });

    it('an admin takes a file down everywhere at once, on the audit log; it cannot come back', async () => {
      const admin = await makeUser(db(), {}, 'admin');
      const member = await makeUser(db());
      const data = fx.pdf('takedown');
      const one = await upload(member, data, 'one.pdf');
      const two = await upload(admin, data, 'two.pdf');
      const result = await takeDown(db(), databaseBlobStore, { sha256: one.sha256, actor: admin, reason: '저작권자 요청', now: NOW });
      expect(result).toEqual({ removedFiles: 2 });
      expect(await findServable(db(), two.sha256, admin, NOW)).toBeUndefined();
      expect(await storedBytes(db())).toBe(0);
      const [entry] = (await listAudit(db(), { action: 'file.takedown' })).rows;
      expect(entry).toMatchObject({ action: 'file.takedown', targetId: one.sha256, reason: '저작권자 요청' });
      await expect(upload(member, data, 'again.pdf')).rejects.toThrow(/삭제 조치한 파일/);
    });

    it('deleting an account keeps the files of posts that stay', async () => {
      const member = await makeUser(db());
      const free = (await boardBySlug(db(), 'free'))!;
      const file = await upload(member, fx.pdf('stays'), 'stays.pdf');
      const t = await createThread(db(), { boardId: free.id, authorId: member.id, title: '글', body: '본문', sigunCode: null, industry: null, submissionKey: 'k4' });
      const [post] = await db().select().from(posts).where(eq(posts.threadId, t.threadId));
      await setAttachments(db(), { owner: { postId: post!.id }, actor: member, items: [{ id: file.id }], now: NOW });
      await deleteAccount(db(), member.id);
      expect(await findServable(db(), file.sha256, null, later(48))).toBeDefined();
      await sweepUnattached(db(), databaseBlobStore, later(48));
      expect((await filesOf(db(), { postId: post!.id }))[0]).toMatchObject({ name: 'stays.pdf', uploaderId: null });
    });
  });
}
