// Where file bytes live. Content is addressed by its SHA-256 and stored once: the same file
// uploaded twice takes the space once. `BlobStore` is the seam for another backend (S3 or
// any object store: write = PUT <sha256>, read = GET with a Range header, remove = DELETE);
// none can be tested here, so the database store is the one that ships. It keeps content in
// ~256 KB rows of `file_chunks`, written and read one row at a time, so a request never holds
// more than one chunk in memory — and every instance on one PostgreSQL sees the same files,
// and one backup holds everything.
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { fileBlobs, fileChunks } from '../db/schema';

export const CHUNK_BYTES = 256 * 1024;

export interface BlobStore {
  /** Stores the bytes of `sha256` (called once per content, inside the transaction that records the blob). */
  write(tx: Database, sha256: string, source: AsyncIterable<Uint8Array>): Promise<void>;
  /** Streams bytes `start`…`end` (inclusive) of stored content. */
  read(db: Database, sha256: string, start: number, end: number): AsyncIterable<Uint8Array>;
  /** Forgets the bytes (takedown, sweep). */
  remove(db: Database, sha256: string): Promise<void>;
}

/** Re-cuts any stream of pieces into CHUNK_BYTES pieces (the last one shorter). */
async function* rechunk(source: AsyncIterable<Uint8Array>): AsyncIterable<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const piece of source) {
    let rest = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (length + rest.length >= CHUNK_BYTES) {
      const take = CHUNK_BYTES - length;
      pending.push(rest.subarray(0, take));
      yield Buffer.concat(pending);
      pending = [];
      length = 0;
      rest = rest.subarray(take);
    }
    if (rest.length) {
      // Copy: the source may reuse its buffer for the next piece.
      pending.push(Buffer.from(rest));
      length += rest.length;
    }
  }
  if (length) yield Buffer.concat(pending);
}

export const databaseBlobStore: BlobStore = {
  async write(tx, sha256, source) {
    let index = 0;
    for await (const data of rechunk(source)) {
      await tx.insert(fileChunks).values({ sha256, index: index++, data });
    }
  },
  async *read(db, sha256, start, end) {
    for (let index = Math.floor(start / CHUNK_BYTES); index <= Math.floor(end / CHUNK_BYTES); index++) {
      const [row] = await db
        .select({ data: fileChunks.data })
        .from(fileChunks)
        .where(and(eq(fileChunks.sha256, sha256), eq(fileChunks.index, index)));
      if (!row) throw new Error(`file chunk ${sha256}/${index} is missing`);
      const data = Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
      const offset = index * CHUNK_BYTES;
      yield data.subarray(Math.max(0, start - offset), Math.min(data.length, end - offset + 1));
    }
  },
  async remove(db, sha256) {
    await db.delete(fileChunks).where(eq(fileChunks.sha256, sha256));
  },
};

export type StoreResult = 'stored' | 'existing' | 'removed';

/**
 * Records content `sha256` of `size` bytes and writes it unless it is already there. Two
 * uploads of the same content at once: the second waits on the first's row, then skips.
 */
export async function storeBlob(
  db: Database,
  store: BlobStore,
  input: { sha256: string; size: number; source: () => AsyncIterable<Uint8Array>; now: Date },
): Promise<StoreResult> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(fileBlobs)
      .values({ sha256: input.sha256, size: input.size, createdAt: input.now })
      .onConflictDoNothing()
      .returning({ sha256: fileBlobs.sha256 });
    if (inserted.length === 0) {
      const [existing] = await tx.select({ removedAt: fileBlobs.removedAt }).from(fileBlobs).where(eq(fileBlobs.sha256, input.sha256));
      return existing?.removedAt ? 'removed' : 'existing';
    }
    await store.write(tx as unknown as Database, input.sha256, input.source());
    return 'stored';
  });
}

/** Bytes stored in chunks (for the benchmark and tests: shows deduplication). */
export async function storedBytes(db: Database): Promise<number> {
  const [row] = await db.select({ total: sql<string>`coalesce(sum(length(${fileChunks.data})), 0)` }).from(fileChunks);
  return Number(row?.total ?? 0);
}
