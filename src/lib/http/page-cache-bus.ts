// Carries page invalidations between instances that share one PostgreSQL, so that a write
// acknowledged to its author is never followed by a stale guest page on any instance.
//
// How the promise is kept:
// 1. Every instance LISTENs on `page_cache` and registers itself in page_cache_instances,
//    refreshing `seen_at` every PAGE_CACHE_HEARTBEAT_MS. It serves and stores cached pages
//    only while both its listener and its heartbeat work; when either fails it empties its
//    cache and stops using it until both work again (a notification may have been missed).
// 2. A writer, after its transaction commits, drops its own pages, NOTIFYs the tags and waits
//    for every other live instance (seen within 5 heartbeats) to answer on `page_cache_ack`,
//    each after it has dropped the pages. Only then does the writer answer its request.
// 3. A render that was running when an invalidation arrived is not stored (store epoch), so a
//    page read before the commit cannot be kept after it.
// 4. An instance that does not answer within PAGE_CACHE_ACK_MS is marked `flush` in its row
//    and empties its cache at its next heartbeat; an instance that cannot heartbeat stops
//    serving on its own. If it did not answer because its process was stalled (paused, a long
//    GC), it notices on its first request after the stall (its 100 ms ticker is late) and
//    empties its cache before answering. What remains is a process that runs but whose
//    listener connection silently died: stale until its next heartbeat (logged by the writer).
// PGlite is one process: invalidation is local only and this bus is not started.
import type { Sql } from 'postgres';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { rowsOf } from '../db/client';
import { dropLocally, emptyLocally, pageCache, setBroadcaster } from './page-cache';

const CHANNEL = 'page_cache';
const ACK_CHANNEL = 'page_cache_ack';

export interface PageCacheBusOptions {
  heartbeatMs: number;
  ackTimeoutMs: number;
  log?: (message: string) => void;
}

export interface PageCacheBus {
  instanceId: string;
  stop(): Promise<void>;
}

export async function startPageCacheBus(db: Database, options: PageCacheBusOptions): Promise<PageCacheBus> {
  const client = (db as unknown as { $client: Sql }).$client;
  const state = pageCache();
  const me = crypto.randomUUID();
  const waiting = new Map<string, { pending: Set<string>; done: () => void }>();
  let listening = false;
  let beating = false;
  let stopped = false;

  function update() {
    const ok = listening && beating && !stopped;
    // Coming back: whatever is in memory may have missed a notification.
    if (ok !== state.serving || !ok) emptyLocally();
    state.serving = ok;
  }
  state.serving = false;

  const onMessage = (payload: string) => {
    let message: { id: string; from: string; tags: string[] };
    try {
      message = JSON.parse(payload);
    } catch {
      return;
    }
    if (message.from === me) return;
    dropLocally(message.tags);
    client`select pg_notify(${ACK_CHANNEL}, ${`${message.id} ${me}`})`.catch((error) => options.log?.(`Page cache: ack failed: ${error}`));
  };
  const onAck = (payload: string) => {
    const [id, instance] = payload.split(' ');
    const waiter = waiting.get(id ?? '');
    if (!waiter || !instance) return;
    waiter.pending.delete(instance);
    if (waiter.pending.size === 0) waiter.done();
  };
  // postgres.js reconnects a dropped listener by itself and calls onlisten again.
  const onListen = () => {
    listening = true;
    update();
  };
  const subscriptions = await Promise.all([client.listen(CHANNEL, onMessage, onListen), client.listen(ACK_CHANNEL, onAck)]);

  async function heartbeat() {
    try {
      const rows = rowsOf<{ flush: boolean | null }>(
        await db.execute(sql`with old as (select flush from page_cache_instances where id = ${me})
          insert into page_cache_instances (id, seen_at, flush) values (${me}, now(), false)
          on conflict (id) do update set seen_at = now(), flush = false
          returning (select flush from old) as flush`),
      );
      if (rows[0]?.flush) emptyLocally();
      beating = true;
    } catch (error) {
      beating = false;
      options.log?.(`Page cache: heartbeat failed, cache off until it works: ${error}`);
    }
    update();
  }
  await heartbeat();
  const timer = setInterval(() => void heartbeat(), options.heartbeatMs);
  timer.unref();
  // A stalled process (paused, swapped, a long GC) may have let a writer's wait run out; the
  // first request after the stall may be handled before any timer runs, so a hit checks when
  // this ticker last ran and, if that is too long ago, empties the cache instead.
  let lastTick = Date.now();
  const ticker = setInterval(() => (lastTick = Date.now()), 100);
  ticker.unref();
  state.awake = () => Date.now() - lastTick < options.ackTimeoutMs / 2;
  const liveSeconds = (options.heartbeatMs * 5) / 1000;

  setBroadcaster(async (tags) => {
    // The write has committed: a failure here is logged, never shown as a failed write. Without
    // the database the other instances cannot heartbeat either, and stop serving from memory.
    try {
      await broadcast(tags);
    } catch (error) {
      options.log?.(`Page cache: could not tell the other instances about ${tags.join(', ')}: ${error}`);
    }
  });

  async function broadcast(tags: string[]) {
    const peers = rowsOf<{ id: string }>(
      await db.execute(
        sql`select id from page_cache_instances where id <> ${me} and seen_at > now() - make_interval(secs => ${liveSeconds})`,
      ),
    ).map((r) => r.id);
    if (peers.length === 0) return;
    const id = crypto.randomUUID();
    const pending = new Set(peers);
    let timeout: NodeJS.Timeout | undefined;
    const acked = new Promise<void>((resolve) => {
      waiting.set(id, { pending, done: resolve });
      timeout = setTimeout(resolve, options.ackTimeoutMs);
    });
    try {
      await client`select pg_notify(${CHANNEL}, ${JSON.stringify({ id, from: me, tags })})`;
      await acked;
    } finally {
      clearTimeout(timeout);
      waiting.delete(id);
    }
    if (pending.size > 0) {
      options.log?.(`Page cache: ${pending.size} instance(s) did not confirm an invalidation in ${options.ackTimeoutMs} ms; they empty their cache at their next heartbeat`);
      await db.execute(sql`update page_cache_instances set flush = true where id in (${sql.join([...pending].map((p) => sql`${p}`), sql`, `)})`);
    }
  }

  return {
    instanceId: me,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(ticker);
      state.awake = undefined;
      setBroadcaster(undefined);
      update();
      await Promise.all(subscriptions.map((s) => s.unlisten().catch(() => {})));
      await db.execute(sql`delete from page_cache_instances where id = ${me} or seen_at < now() - interval '1 day'`).catch(() => {});
    },
  };
}

/**
 * For command-line tools that write while servers run (`npm run cases:import`,
 * `samples:remove`): tells every running instance to drop the tagged pages. PostgreSQL only
 * (with PGlite the server is stopped first, and a start begins with an empty cache).
 */
export async function announcePageChanges(db: Database, tags: string[]): Promise<void> {
  const client = (db as unknown as { $client: Sql }).$client;
  await client`select pg_notify(${CHANNEL}, ${JSON.stringify({ id: crypto.randomUUID(), from: 'cli', tags })})`;
}
