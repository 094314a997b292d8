// The built search index lives in the database, so every instance serves the same one: each
// build is a generation of files; the newest is served, the one before it is kept a while
// for browsers that loaded its pagefind-entry.json just before the switch.
import { desc, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { searchIndexFiles, searchIndexGenerations } from '../db/schema';
import type { IndexFile } from './index-build';

export async function latestGeneration(db: Database): Promise<{ id: number; fingerprint: string } | undefined> {
  const [row] = await db
    .select({ id: searchIndexGenerations.id, fingerprint: searchIndexGenerations.fingerprint })
    .from(searchIndexGenerations)
    .orderBy(desc(searchIndexGenerations.id))
    .limit(1);
  return row;
}

/** Saves a generation (all files in one transaction) and removes all but the newest two. */
export async function storeGeneration(
  db: Database,
  input: { fingerprint: string; files: readonly IndexFile[]; pages: number; durationMs: number; now: Date },
): Promise<number> {
  const bytes = input.files.reduce((sum, f) => sum + f.content.length, 0);
  const id = await db.transaction(async (tx) => {
    const [generation] = await tx
      .insert(searchIndexGenerations)
      .values({ fingerprint: input.fingerprint, pages: input.pages, bytes, durationMs: Math.round(input.durationMs), createdAt: input.now })
      .returning({ id: searchIndexGenerations.id });
    const rows = input.files.map((f) => ({ generation: generation!.id, path: f.path, content: f.content }));
    for (let i = 0; i < rows.length; i += 200) await tx.insert(searchIndexFiles).values(rows.slice(i, i + 200));
    return generation!.id;
  });
  const keep = await db.select({ id: searchIndexGenerations.id }).from(searchIndexGenerations).orderBy(desc(searchIndexGenerations.id)).limit(2);
  const oldest = keep.at(-1)?.id;
  if (oldest !== undefined) await db.delete(searchIndexGenerations).where(lt(searchIndexGenerations.id, oldest));
  return id;
}

/** A file of the newest generation that has it (fragments of the previous one stay reachable). */
export async function readIndexFile(db: Database, path: string): Promise<{ generation: number; content: Buffer } | undefined> {
  const [row] = await db
    .select({ generation: searchIndexFiles.generation, content: searchIndexFiles.content })
    .from(searchIndexFiles)
    .where(eq(searchIndexFiles.path, path))
    .orderBy(desc(searchIndexFiles.generation))
    .limit(1);
  // PGlite hands bytea back as a Uint8Array, postgres.js as a Buffer.
  return row && { generation: row.generation, content: Buffer.from(row.content) };
}

export async function generationStats(db: Database, id: number) {
  const [row] = await db.select().from(searchIndexGenerations).where(eq(searchIndexGenerations.id, id));
  const [files] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(searchIndexFiles)
    .where(eq(searchIndexFiles.generation, id));
  return row && { ...row, files: files?.count ?? 0 };
}
