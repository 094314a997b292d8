// Files as the portal knows them: saving an upload (type by content, images re-encoded,
// content stored once), attaching to a notice or a post, who may fetch a file, the daily
// quota, sweeping files attached to nothing, and an admin's takedown. Functions take `now`
// so tests move the clock.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { and, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../db/client';
import { announcements, boards, cases, consultationAssignees, consultations, fileBlobs, files, fileVariants, posts, threads, type StoredFile } from '../db/schema';
import { can, isModerator, type Actor } from '../auth/permissions';
import { recordAudit } from '../admin/audit';
import type { User } from '../db/schema';
import { detectFile, extensionOf, FileRefused, FILE_TYPES, type FileType } from './detect';
import { processImage } from './images';
import { formatBytes, limitsFor, type FileSettings } from './limits';
import { CHUNK_BYTES, storeBlob, type BlobStore } from './store';

export const UNATTACHED_TTL_MS = 24 * 60 * 60 * 1000;

import { fileUrl } from './urls';

/** A name safe to show and to send in Content-Disposition: no folders, no control characters. */
export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').replace(/\s+/g, ' ').trim().normalize('NFC');
  return cleaned.length > 150 ? cleaned.slice(0, 150 - (extensionOf(cleaned).length + 1)) + '.' + extensionOf(cleaned) : cleaned || 'file';
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path, { highWaterMark: CHUNK_BYTES })) hash.update(piece as Buffer);
  return hash.digest('hex');
}

async function* once(data: Buffer): AsyncIterable<Uint8Array> {
  yield data;
}

function refuseIfRemoved(result: string): void {
  if (result === 'removed') throw new FileRefused('운영자가 삭제 조치한 파일이라 다시 올릴 수 없습니다.');
}

export interface SaveInput {
  /** The received file on local disk (a temporary file). */
  path: string;
  name: string;
  size: number;
  uploader: Actor;
  settings: FileSettings;
  store: BlobStore;
  now: Date;
}

/** Bytes the person uploaded in the last 24 hours. */
export async function uploadedToday(db: Database, uploaderId: number, now: Date): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${files.size}), 0)` })
    .from(files)
    .where(and(eq(files.uploaderId, uploaderId), gt(files.createdAt, new Date(now.getTime() - 86_400_000))));
  return Number(row?.total ?? 0);
}

/** Checks, converts and stores one received file; throws FileRefused with a Korean message. */
export async function saveUpload(db: Database, input: SaveInput): Promise<StoredFile> {
  const limits = limitsFor(input.uploader, input.settings);
  const detected = await detectFile(input.path, input.name, input.settings);
  const max = detected.kind === 'image' ? limits.imageBytes : limits.documentBytes;
  if (input.size > max) {
    throw new FileRefused(`${detected.kind === 'image' ? '그림' : '문서'} 파일은 ${formatBytes(max)}까지 올릴 수 있습니다. (이 파일: ${formatBytes(input.size)})`);
  }
  if ((await uploadedToday(db, input.uploader.id, input.now)) + input.size > limits.dailyBytes) {
    throw new FileRefused(`하루에 올릴 수 있는 용량(${formatBytes(limits.dailyBytes)})을 넘습니다. 내일 다시 올려 주세요.`);
  }
  const name = cleanName(input.name);
  if (detected.kind === 'image') {
    const image = await processImage(input.path, input.settings.maxPixels);
    const fallback = image.fallback;
    const sha256 = createHash('sha256').update(fallback.data).digest('hex');
    refuseIfRemoved(await storeBlob(db, input.store, { sha256, size: fallback.data.length, source: () => once(fallback.data), now: input.now }));
    const variants = [];
    for (const copy of image.webp) {
      const hash = createHash('sha256').update(copy.data).digest('hex');
      await storeBlob(db, input.store, { sha256: hash, size: copy.data.length, source: () => once(copy.data), now: input.now });
      variants.push({ sha256: hash, mime: copy.mime, width: copy.width, height: copy.height });
    }
    // The stored copy may be another format than the upload (GIF/WebP → JPEG/PNG): rename to match.
    const stem = name.slice(0, name.length - extensionOf(name).length - 1) || 'image';
    const [row] = await db
      .insert(files)
      .values({
        sha256,
        kind: 'image',
        type: fallback.type,
        mime: fallback.mime,
        name: `${stem}.${FILE_TYPES[fallback.type].extensions[0]}`,
        size: fallback.data.length,
        width: fallback.width,
        height: fallback.height,
        uploaderId: input.uploader.id,
        createdAt: input.now,
      })
      .returning();
    await db.insert(fileVariants).values(variants.map((v) => ({ ...v, fileId: row!.id }))).onConflictDoNothing();
    return row!;
  }
  const sha256 = await sha256OfFile(input.path);
  refuseIfRemoved(
    await storeBlob(db, input.store, {
      sha256,
      size: input.size,
      source: () => createReadStream(input.path, { highWaterMark: CHUNK_BYTES }),
      now: input.now,
    }),
  );
  const [row] = await db
    .insert(files)
    .values({ sha256, kind: 'document', type: detected.type, mime: detected.mime, name, size: input.size, uploaderId: input.uploader.id, createdAt: input.now })
    .returning();
  return row!;
}

export interface AttachmentInput {
  id: number;
  alt?: string | null;
  caption?: string | null;
}

/**
 * Makes `items` (in this order) the files of a notice or a post. Only files the actor
 * uploaded and that are free, or already belong to this owner, are taken; files of the
 * owner not listed any more are let go (and swept a day later unless attached again).
 */
export type FileOwner = { noticeId: number } | { postId: number } | { consultationId: number } | { caseId: number };

function ownerOf(owner: FileOwner) {
  if ('noticeId' in owner) return { column: files.noticeId, id: owner.noticeId, set: { noticeId: owner.noticeId } };
  if ('postId' in owner) return { column: files.postId, id: owner.postId, set: { postId: owner.postId } };
  if ('caseId' in owner) return { column: files.caseId, id: owner.caseId, set: { caseId: owner.caseId } };
  return { column: files.consultationId, id: owner.consultationId, set: { consultationId: owner.consultationId } };
}

export async function setAttachments(
  db: Database,
  input: { owner: FileOwner; actor: Actor; items: AttachmentInput[]; now: Date },
): Promise<void> {
  const owner = ownerOf(input.owner);
  const ownerColumn = owner.column;
  const ownerId = owner.id;
  await db.transaction(async (tx) => {
    const ids = input.items.map((i) => i.id);
    const current = await tx.select({ id: files.id }).from(files).where(eq(ownerColumn, ownerId));
    const keep = new Set(ids);
    const dropped = current.map((c) => c.id).filter((id) => !keep.has(id));
    if (dropped.length) {
      await tx.update(files).set({ noticeId: null, postId: null, consultationId: null, caseId: null, attachedAt: input.now }).where(inArray(files.id, dropped));
    }
    for (const [position, item] of input.items.entries()) {
      await tx
        .update(files)
        .set({
          ...owner.set,
          position,
          alt: item.alt?.trim() || null,
          caption: item.caption?.trim() || null,
          attachedAt: input.now,
        })
        .where(
          and(
            eq(files.id, item.id),
            or(
              eq(ownerColumn, ownerId),
              and(isNull(files.noticeId), isNull(files.postId), isNull(files.consultationId), isNull(files.caseId), eq(files.uploaderId, input.actor.id)),
            ),
          ),
        );
    }
  });
}

export interface FileView extends StoredFile {
  url: string;
  variants: { url: string; mime: string; width: number; height: number }[];
}

const variantName = (name: string, width: number) => `${name.replace(/\.[^.]+$/, '')}-${width}.webp`;

async function withVariants(db: Database, rows: StoredFile[]): Promise<FileView[]> {
  const variants = rows.length
    ? await db.select().from(fileVariants).where(inArray(fileVariants.fileId, rows.map((r) => r.id))).orderBy(asc(fileVariants.width))
    : [];
  return rows.map((row) => ({
    ...row,
    url: fileUrl(row.sha256, row.name),
    variants: variants
      .filter((v) => v.fileId === row.id)
      .map((v) => ({ url: fileUrl(v.sha256, variantName(row.name, v.width)), mime: v.mime, width: v.width, height: v.height })),
  }));
}

export async function filesOf(db: Database, owner: FileOwner): Promise<FileView[]> {
  const { column, id } = ownerOf(owner);
  const where = eq(column, id);
  return withVariants(db, await db.select().from(files).where(where).orderBy(asc(files.position), asc(files.id)));
}

/** Files of many notices or posts at once (a thread page, a feed), keyed by owner id. */
export async function filesOfMany(db: Database, owner: 'notice' | 'post', ids: number[]): Promise<Map<number, FileView[]>> {
  const map = new Map<number, FileView[]>();
  if (!ids.length) return map;
  const column = owner === 'notice' ? files.noticeId : files.postId;
  const rows = await withVariants(db, await db.select().from(files).where(inArray(column, ids)).orderBy(asc(files.position), asc(files.id)));
  for (const row of rows) {
    const key = (owner === 'notice' ? row.noticeId : row.postId)!;
    map.set(key, [...(map.get(key) ?? []), row]);
  }
  return map;
}

/** Files by id, for a form coming back after an error (only the actor's own or already attached ones). */
export async function filesByIds(db: Database, ids: number[], actor: Actor): Promise<FileView[]> {
  if (!ids.length) return [];
  const rows = await db.select().from(files).where(inArray(files.id, ids));
  const visible = rows.filter((r) => r.uploaderId === actor.id || r.noticeId !== null || r.postId !== null);
  const byId = new Map(visible.map((r) => [r.id, r]));
  return withVariants(db, ids.map((id) => byId.get(id)).filter((r): r is StoredFile => !!r));
}

// ── Serving ─────────────────────────────────────────────────────────────────

export interface Servable {
  sha256: string;
  size: number;
  mime: string;
  /** The stored name (never the one in the address, which anyone can change). */
  name: string;
  kind: StoredFile['kind'];
  /** The file rows that show this content (a document's download count goes to the first). */
  fileIds: number[];
  /** Shown to guests: cacheable by shared caches. */
  public: boolean;
}

async function mayView(db: Database, actor: Actor | null, file: StoredFile, now: Date): Promise<{ allowed: boolean; public: boolean }> {
  if (file.noticeId !== null) {
    const [notice] = await db.select({ status: announcements.status, publishAt: announcements.publishAt }).from(announcements).where(eq(announcements.id, file.noticeId));
    if (!notice) return { allowed: false, public: false };
    return { allowed: can(actor, 'notice.read', { notice, now }), public: can(null, 'notice.read', { notice, now }) };
  }
  if (file.postId !== null) {
    const [row] = await db
      .select({ readAccess: boards.readAccess, postAccess: boards.postAccess, kind: boards.kind, deletedAt: posts.deletedAt, hiddenAt: posts.hiddenAt })
      .from(posts)
      .innerJoin(threads, eq(threads.id, posts.threadId))
      .innerJoin(boards, eq(boards.id, threads.boardId))
      .where(eq(posts.id, file.postId));
    if (!row) return { allowed: false, public: false };
    const shown = !row.deletedAt && !row.hiddenAt;
    const board = { readAccess: row.readAccess, postAccess: row.postAccess, kind: row.kind };
    return {
      allowed: can(actor, 'board.read', { board }) && (shown || isModerator(actor)),
      public: shown && can(null, 'board.read', { board }),
    };
  }
  if (file.consultationId !== null) {
    const [request] = await db
      .select({ requesterId: consultations.requesterId, sigunCode: consultations.sigunCode, state: consultations.state })
      .from(consultations)
      .where(eq(consultations.id, file.consultationId));
    if (!request) return { allowed: false, public: false };
    const assignees = await db.select({ userId: consultationAssignees.userId }).from(consultationAssignees).where(eq(consultationAssignees.consultationId, file.consultationId));
    return { allowed: can(actor, 'consultation.view', { consultation: request, assigneeIds: assignees.map((a) => a.userId) }), public: false };
  }
  if (file.caseId !== null) {
    const [row] = await db
      .select({ sigun: cases.sigun, authorId: cases.authorId, state: cases.state, publishAt: cases.publishAt })
      .from(cases)
      .where(eq(cases.id, file.caseId));
    if (!row) return { allowed: false, public: false };
    // A case's photos are public once visitors see the case; before that, whoever may see the case.
    const visible = row.state === 'published' && !!row.publishAt && row.publishAt.getTime() <= now.getTime();
    return { allowed: visible || can(actor, 'case.view', row), public: visible };
  }
  // Just uploaded, not yet saved with anything: its uploader (previewing) and moderators.
  return { allowed: !!actor && (actor.id === file.uploaderId || isModerator(actor)), public: false };
}

/**
 * What `/files/<sha256>/…` may serve to `actor`: the content, if any file showing it (or an
 * image whose re-encoded copy it is) may be seen by them. Checked on every request.
 */
export async function findServable(db: Database, sha256: string, actor: Actor | null, now: Date): Promise<Servable | undefined> {
  const [blob] = await db.select().from(fileBlobs).where(eq(fileBlobs.sha256, sha256));
  if (!blob || blob.removedAt) return undefined;
  const direct = await db.select().from(files).where(eq(files.sha256, sha256));
  const viaVariant = await db
    .select({ file: files, mime: fileVariants.mime, width: fileVariants.width })
    .from(fileVariants)
    .innerJoin(files, eq(files.id, fileVariants.fileId))
    .where(eq(fileVariants.sha256, sha256));
  const candidates = [
    ...direct.map((f) => ({ file: f, mime: f.mime, name: f.name })),
    ...viaVariant.map((v) => ({ file: v.file, mime: v.mime, name: variantName(v.file.name, v.width) })),
  ];
  let result: Servable | undefined;
  for (const { file, mime, name } of candidates) {
    const access = await mayView(db, actor, file, now);
    if (!access.allowed) continue;
    result ??= { sha256, size: blob.size, mime, name, kind: file.kind, fileIds: [], public: false };
    result.fileIds.push(file.id);
    result.public ||= access.public;
  }
  return result;
}

export async function countDownload(db: Database, fileId: number): Promise<void> {
  await db.update(files).set({ downloadCount: sql`${files.downloadCount} + 1` }).where(eq(files.id, fileId));
}

// ── Housekeeping and takedown ─────────────────────────────────────────────────

/** Content no file (or image copy) refers to any more, and not kept as a takedown record. */
async function dropOrphanBlobs(db: Database, store: BlobStore): Promise<number> {
  const orphans = await db.execute(sql`
    select b.sha256 from file_blobs b
    where b.removed_at is null
      and not exists (select 1 from files f where f.sha256 = b.sha256)
      and not exists (select 1 from file_variants v where v.sha256 = b.sha256)
    limit 500`);
  const hashes = rowsOf<{ sha256: string }>(orphans).map((r) => r.sha256);
  for (const sha256 of hashes) {
    await db.transaction(async (tx) => {
      await store.remove(tx as unknown as Database, sha256);
      await tx.delete(fileBlobs).where(eq(fileBlobs.sha256, sha256));
    });
  }
  return hashes.length;
}

/** Removes files attached to nothing for a day, and content nothing refers to. */
export async function sweepUnattached(db: Database, store: BlobStore, now: Date): Promise<{ files: number; blobs: number }> {
  const removed = await db
    .delete(files)
    .where(
      and(
        isNull(files.noticeId),
        isNull(files.postId),
        isNull(files.consultationId),
        isNull(files.caseId),
        // attached_at: when it was last attached or let go; a day free since then (or since upload).
        sql`coalesce(${files.attachedAt}, ${files.createdAt}) < ${new Date(now.getTime() - UNATTACHED_TTL_MS).toISOString()}::timestamptz`,
      ),
    )
    .returning({ id: files.id });
  const blobs = await dropOrphanBlobs(db, store);
  return { files: removed.length, blobs };
}

let lastSweep = 0;
/**
 * Housekeeping without a job runner: uploads call this, and at most every 10 minutes per
 * process it sweeps. Any instance may do it; the deletes are idempotent.
 */
export async function sweepOccasionally(db: Database, store: BlobStore, now: Date): Promise<void> {
  if (now.getTime() - lastSweep < 10 * 60 * 1000) return;
  lastSweep = now.getTime();
  await sweepUnattached(db, store, now);
}

/**
 * Legal takedown: the content disappears everywhere at once — every file showing it (and
 * an image's copies) and the bytes — and the same content cannot be uploaded again.
 */
export async function takeDown(
  db: Database,
  store: BlobStore,
  input: { sha256: string; actor: Pick<User, 'id' | 'displayName' | 'role'>; reason: string; now: Date },
): Promise<{ removedFiles: number } | undefined> {
  const viaVariant = await db.select({ fileId: fileVariants.fileId }).from(fileVariants).where(eq(fileVariants.sha256, input.sha256));
  const affected = await db
    .select()
    .from(files)
    .where(or(eq(files.sha256, input.sha256), viaVariant.length ? inArray(files.id, viaVariant.map((v) => v.fileId)) : sql`false`));
  const [blob] = await db.select().from(fileBlobs).where(eq(fileBlobs.sha256, input.sha256));
  if (!blob && !affected.length) return undefined;
  const hashes = new Set([input.sha256, ...affected.map((f) => f.sha256)]);
  for (const v of affected.length ? await db.select().from(fileVariants).where(inArray(fileVariants.fileId, affected.map((f) => f.id))) : []) hashes.add(v.sha256);
  await db.transaction(async (tx) => {
    if (affected.length) await tx.delete(files).where(inArray(files.id, affected.map((f) => f.id)));
    for (const hash of hashes) {
      await store.remove(tx as unknown as Database, hash);
      await tx.update(fileBlobs).set({ removedAt: input.now, removedReason: input.reason }).where(eq(fileBlobs.sha256, hash));
    }
  });
  await recordAudit(db, {
    actor: input.actor,
    action: 'file.takedown',
    targetType: 'file',
    targetId: input.sha256,
    reason: input.reason,
    details: { files: affected.map((f) => ({ id: f.id, name: f.name, noticeId: f.noticeId, postId: f.postId })) },
  });
  return { removedFiles: affected.length };
}

export type { FileType };
