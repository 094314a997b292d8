// Test databases: every database test runs on embedded PGlite, and again on a real
// PostgreSQL server when TEST_DATABASE_URL is set. Each test file gets its own database
// (PGlite in memory, loaded from the migrated template; a fresh database created on the
// server), reset between tests.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../../src/lib/db/client';
import { TEST_DATABASE_URL } from './requirements';
import { MIGRATIONS, templateTarball } from './pglite-template';

export { MIGRATIONS };

export interface DatabaseTarget {
  name: 'pglite' | 'postgres';
  open(): Promise<DatabaseHandle>;
}

/** A fresh, empty database on the test server; dropped by the returned function. */
export async function createServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  // .ci/run sets a prefix of its own, so that its clean-up drops only the databases of its run.
  const name = `${process.env.TEST_DATABASE_PREFIX ?? 'portal_t_'}${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [
    { name: 'pglite', open: () => openDatabase({ migrationsFolder: MIGRATIONS, loadDataDir: templateTarball() }) },
  ];
  if (TEST_DATABASE_URL) {
    targets.push({
      name: 'postgres',
      async open() {
        const created = await createServerDatabase();
        const handle = await openDatabase({ databaseUrl: created.url, migrationsFolder: MIGRATIONS });
        return {
          ...handle,
          async close() {
            await handle.close();
            await created.drop();
          },
        };
      },
    });
  } else if (process.env.CI) {
    throw new Error('TEST_DATABASE_URL must be set in CI so database tests also run on PostgreSQL.');
  } else {
    console.warn('SKIPPED on PostgreSQL: TEST_DATABASE_URL is not set; database tests run on PGlite only.');
  }
  return targets;
}

/** Empties every table (keeps the schema), so each test starts from nothing. */
export async function resetDatabase(handle: DatabaseHandle): Promise<void> {
  await handle.db.execute(
    sql`truncate table page_cache_instances, consultation_messages, consultation_assignees, consultations, mentor_profiles, patents, sigun_scopes, programme_adoptions, programme_target, notice_subscriptions, mail_outbox, mail_tokens, mail_preferences, mail_pending, mail_thread_throttle, mail_jobs, file_variants, files, file_chunks, file_blobs, audit_log, announcement_revisions, announcements, notifications, thread_watches, reports, reactions, post_revisions, posts, threads, checklist_drafts, checklist_assessments, checklist_template_versions, consent_records, sessions, rate_limit_buckets, search_index_files, search_index_generations, case_slug_redirects, case_revisions, cases, users restart identity cascade`,
  );
}

/** Opens the target's database for the enclosing describe block and empties it before each test. */
export function useDatabase(target: DatabaseTarget): () => DatabaseHandle['db'] {
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await resetDatabase(handle!);
  });
  return () => handle!.db;
}
