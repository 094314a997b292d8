// View counts without a database write per view: counts gather in memory and are
// written in one statement every few seconds (and on graceful shutdown). At most those
// few seconds of views are lost if a process crashes, which a view counter can afford.
import { sql } from 'drizzle-orm';
import { beforeStop, database } from '../runtime';

const FLUSH_INTERVAL_MS = 5_000;
const pending = new Map<number, number>();
let timer: NodeJS.Timeout | undefined;
// A graceful shutdown writes what is buffered instead of dropping it.
beforeStop(flushViews);

export function countView(threadId: number): void {
  pending.set(threadId, (pending.get(threadId) ?? 0) + 1);
  timer ??= setTimeout(() => void flushViews(), FLUSH_INTERVAL_MS).unref();
}

export async function flushViews(): Promise<void> {
  timer = undefined;
  if (pending.size === 0) return;
  const batch = [...pending];
  pending.clear();
  const values = sql.join(batch.map(([id, n]) => sql`(${id}::int, ${n}::int)`), sql`, `);
  try {
    const db = await database();
    await db.execute(sql`update threads set view_count = view_count + v.n from (values ${values}) as v(id, n) where threads.id = v.id`);
  } catch (error) {
    console.error('Could not save view counts:', error);
  }
}
