// Writes a backup of the whole database (every table of the `public` schema, uploaded files
// included — they live in `file_chunks`, see src/lib/files/store.ts) in the format described
// in ./format.ts. It reads inside one REPEATABLE READ, READ ONLY transaction: on PostgreSQL a
// consistent snapshot while the portal keeps running; on PGlite the caller holds the data
// folder's lock, so no server runs on it.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../db/client';
import { BACKUP_FORMAT, quoteIdent, type BackupHeader, type ControlLine, type MigrationLevel } from './format';

export interface BackupSummary {
  file: string;
  rows: Record<string, number>;
  migrations: number;
}

interface TablePlan {
  name: string;
  columns: string[];
  generated: string[];
  identity: string[];
  primaryKey: string[];
}

/** The tables of `public`, parents before children (foreign keys), with their columns. */
export async function tablePlans(db: Database): Promise<TablePlan[]> {
  const columns = rowsOf<{ table: string; column: string; generated: boolean; identity: boolean }>(
    await db.execute(sql`
      select c.relname as "table", a.attname as "column", a.attgenerated <> '' as generated, a.attidentity <> '' as identity
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`),
  );
  const keys = rowsOf<{ table: string; column: string }>(
    await db.execute(sql`
      select c.relname as "table", a.attname as "column"
      from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
      where i.indisprimary and n.nspname = 'public'
      order by c.relname, array_position(i.indkey::int2[], a.attnum)`),
  );
  const references = rowsOf<{ child: string; parent: string }>(
    await db.execute(sql`
      select child.relname as child, parent.relname as parent
      from pg_constraint k join pg_class child on child.oid = k.conrelid join pg_class parent on parent.oid = k.confrelid
        join pg_namespace n on n.oid = child.relnamespace
      where k.contype = 'f' and n.nspname = 'public'`),
  );
  const plans = new Map<string, TablePlan>();
  for (const c of columns) {
    const plan = plans.get(c.table) ?? { name: c.table, columns: [], generated: [], identity: [], primaryKey: [] };
    if (c.generated) plan.generated.push(c.column);
    else plan.columns.push(c.column);
    if (c.identity) plan.identity.push(c.column);
    plans.set(c.table, plan);
  }
  for (const k of keys) plans.get(k.table)?.primaryKey.push(k.column);

  // Topological order; names sorted so the file is the same for the same data.
  const ordered: TablePlan[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`foreign keys form a cycle through ${name}; the backup cannot order its tables`);
    state.set(name, 'visiting');
    for (const r of references.filter((r) => r.child === name && r.parent !== name).sort((a, b) => a.parent.localeCompare(b.parent))) visit(r.parent);
    state.set(name, 'done');
    ordered.push(plans.get(name)!);
  };
  for (const name of [...plans.keys()].sort()) visit(name);
  return ordered;
}

async function appliedMigrations(db: Database): Promise<MigrationLevel[]> {
  const rows = rowsOf<{ hash: string; created_at: string | number }>(
    await db.execute(sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at, id`),
  );
  return rows.map((r) => ({ hash: r.hash, when: Number(r.created_at) }));
}

const FETCH_ROWS = 200;

/** Writes every line of the backup to `write`, in one consistent snapshot. */
export async function dumpDatabase(
  db: Database,
  source: BackupHeader['source'],
  write: (line: string) => Promise<void>,
  now = new Date(),
): Promise<{ rows: Record<string, number>; migrations: number }> {
  const control = (line: ControlLine) => write(JSON.stringify(line));
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    await t.execute(sql`set transaction isolation level repeatable read, read only`);
    await t.execute(sql`set local bytea_output = 'hex'`);
    await t.execute(sql`set local timezone = 'UTC'`);
    const migrations = await appliedMigrations(t);
    await control({ '@': 'backup', format: BACKUP_FORMAT, createdAt: now.toISOString(), source, migrations });
    const counts: Record<string, number> = {};
    const plans = await tablePlans(t);
    for (const plan of plans) {
      await control({ '@': 'table', name: plan.name, columns: plan.columns });
      const row = plan.generated.length
        ? `to_jsonb(t) - array[${plan.generated.map((c) => `'${c.replace(/'/g, "''")}'`).join(', ')}]::text[]`
        : 'to_jsonb(t)';
      const order = plan.primaryKey.length ? ` order by ${plan.primaryKey.map((c) => `t.${quoteIdent(c)}`).join(', ')}` : '';
      await t.execute(sql.raw(`declare backup_rows no scroll cursor for select (${row})::text as line from public.${quoteIdent(plan.name)} t${order}`));
      let count = 0;
      for (;;) {
        const batch = rowsOf<{ line: string }>(await t.execute(sql.raw(`fetch forward ${FETCH_ROWS} from backup_rows`)));
        for (const { line } of batch) await write(line);
        count += batch.length;
        if (batch.length < FETCH_ROWS) break;
      }
      await t.execute(sql.raw('close backup_rows'));
      counts[plan.name] = count;
    }
    for (const plan of plans) {
      for (const column of plan.identity) {
        const [seq] = rowsOf<{ name: string | null }>(
          await t.execute(sql`select pg_get_serial_sequence(${`public.${quoteIdent(plan.name)}`}, ${column}) as name`),
        );
        if (!seq?.name) continue;
        const [state] = rowsOf<{ last_value: string | number; is_called: boolean }>(
          await t.execute(sql.raw(`select last_value::text as last_value, is_called from ${seq.name}`)),
        );
        await control({ '@': 'sequence', table: plan.name, column, lastValue: String(state!.last_value), isCalled: state!.is_called });
      }
    }
    await control({ '@': 'end', rows: counts });
    return { rows: counts, migrations: migrations.length };
  });
}

/**
 * Backs the database up to `file` (gzip'd JSON lines). Written to `<file>.partial` first and
 * renamed at the end, so a file with the final name is always complete.
 */
export async function createBackup(db: Database, source: BackupHeader['source'], file: string, now = new Date()): Promise<BackupSummary> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  const gzip = zlib.createGzip();
  const written = pipeline(gzip, fs.createWriteStream(partial));
  written.catch(() => {});
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  try {
    const { rows, migrations } = await dumpDatabase(db, source, write, now);
    gzip.end();
    await written;
    fs.renameSync(partial, file);
    return { file, rows, migrations };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => {});
    fs.rmSync(partial, { force: true });
    throw error;
  }
}
