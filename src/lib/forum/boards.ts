// Boards: the fixed list of discussion areas (seeded by a migration, edited by admins).
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { boards, type Board } from '../db/schema';
import { can, type Actor } from '../auth/permissions';

/** The boards the viewer may read, in their display order. */
export async function readableBoards(db: Database, viewer: Actor | null): Promise<Board[]> {
  const all = await db.select().from(boards).orderBy(asc(boards.position), asc(boards.id));
  return all.filter((board) => can(viewer, 'board.read', { board }));
}

export async function boardBySlug(db: Database, slug: string): Promise<Board | undefined> {
  const [board] = await db.select().from(boards).where(eq(boards.slug, slug)).limit(1);
  return board;
}
