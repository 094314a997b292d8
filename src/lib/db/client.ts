// Opens the one database the portal uses: PostgreSQL through postgres.js when a URL is
// given, embedded PGlite otherwise. Both run the same drizzle migrations and are used
// through the same Drizzle API, so every query in src/lib works on both.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { acquireDirectoryLock } from './directory-lock';
import { queryCountLogger } from './query-count';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
  /** PGlite only: a consistent tarball of the whole database (PGlite's own dump format). */
  dumpDataDir?(): Promise<Blob>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data folder; omit for an in-memory database (tests). */
  dataDir?: string;
  /**
   * PGlite only: start a new database from a tarball made by `dumpDataDir` instead of
   * running initdb (several times faster; the tests start every database this way).
   */
  loadDataDir?: Blob;
  migrationsFolder: string;
}

// Several instances may start at once against one server: serialise their migrations.
const MIGRATION_LOCK_ID = 724_052_110;

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.migrationsFolder)
    : openPglite(options.dataDir, options.loadDataDir, options.migrationsFolder);
}

async function openPostgres(url: string, migrationsFolder: string): Promise<DatabaseHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(url, {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    onnotice: () => {},
  });
  const db = drizzle({ client, schema, logger: queryCountLogger() });
  const lockConnection = await client.reserve();
  try {
    await lockConnection`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migrate(db, { migrationsFolder });
  } finally {
    await lockConnection`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
    lockConnection.release();
  }
  return {
    db: db as unknown as Database,
    kind: 'postgres',
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(
  dataDir: string | undefined,
  loadDataDir: Blob | undefined,
  migrationsFolder: string,
): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let release = () => {};
  let folder: string | undefined;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    release = acquireDirectoryLock(path.join(dataDir, 'pglite.lock'));
    folder = path.join(dataDir, 'pglite');
  }
  try {
    const client = await PGlite.create(folder, loadDataDir ? { loadDataDir } : {});
    const db = drizzle({ client, schema, logger: queryCountLogger() });
    await migrate(db, { migrationsFolder });
    return {
      db: db as unknown as Database,
      kind: 'pglite',
      dumpDataDir: () => client.dumpDataDir('none'),
      close: async () => {
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** True when the database answers a trivial query. */
export async function databaseIsReachable(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** The rows of a raw `db.execute` result: postgres.js gives an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as T[];
}
