// Restores a backup (./format.ts) into a database, PGlite or PostgreSQL, whichever made it,
// in ONE transaction: if anything fails (a truncated file, a row the schema refuses) the
// database is left as it was.
//
// 1. The backup's schema level must be one this code knows: its migrations a prefix of ours
//    (a backup from a newer portal is refused).
// 2. Unless forced, the database must be empty (nothing but what migrations seed).
// 3. The schema is rebuilt at the backup's level (public and drizzle schemas dropped, the
//    migrations up to that level replayed), the tables emptied of what those migrations
//    seeded, the rows loaded as they come (foreign-key order), the sequences set as they were.
// 4. Newer migrations are then applied, data parts included — exactly what starting a newer
//    portal on the old database would have done.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../db/client';
import {
  BACKUP_FORMAT,
  BackupError,
  CONTROL_PREFIX,
  SEEDED_BY_MIGRATIONS,
  codeMigrations,
  quoteIdent,
  type BackupHeader,
  type ControlLine,
  type TableLine,
} from './format';

export interface RestoreSummary {
  rows: Record<string, number>;
  /** Migrations the backup was at, and those applied after loading it. */
  backupLevel: number;
  migrationsApplied: number;
}

type Migration = ReturnType<typeof codeMigrations>[number];

const BATCH_ROWS = 500;
const BATCH_CHARS = 8 * 1024 * 1024;

function lines(file: string): AsyncIterable<string> {
  if (!fs.existsSync(file)) throw new BackupError(`백업 파일이 없습니다 / No such backup file: ${file}`);
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  return readline.createInterface({ input, crlfDelay: Infinity });
}

/** Checks the backup's level against the code's migrations; returns how many it has. */
export function backupLevel(header: BackupHeader, migrations: Migration[]): number {
  if (header.migrations.length > migrations.length || header.migrations.some((m, i) => m.when > migrations[i]!.folderMillis)) {
    throw new BackupError(
      `이 백업은 더 새 버전의 포털에서 만들어졌습니다(마이그레이션 ${header.migrations.length}개, 이 포털은 ${migrations.length}개). 포털을 먼저 업데이트한 뒤 복원하세요.\n` +
        `This backup comes from a newer portal (${header.migrations.length} migrations, this code has ${migrations.length}). Update the portal first, then restore.`,
    );
  }
  header.migrations.forEach((m, i) => {
    if (m.hash !== migrations[i]!.hash || m.when !== migrations[i]!.folderMillis) {
      throw new BackupError(
        `백업의 마이그레이션 ${i + 1}번이 이 포털의 것과 다릅니다. 같은 계열의 포털 버전으로 복원하세요.\n` +
          `Migration ${i + 1} of the backup differs from this portal's; restore with a portal of the same lineage.`,
      );
    }
  });
  return header.migrations.length;
}

async function applyMigrations(t: Database, migrations: Migration[]): Promise<void> {
  // As drizzle's migrator does (drizzle-orm/pg-core/dialect.js), inside our transaction.
  for (const migration of migrations) {
    for (const statement of migration.sql) await t.execute(sql.raw(statement));
    await t.execute(sql`insert into drizzle.__drizzle_migrations ("hash", "created_at") values (${migration.hash}, ${migration.folderMillis})`);
  }
}

async function publicTables(t: Database): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await t.execute(sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`),
  );
  return rows.map((r) => r.name);
}

/** Tables holding rows other than what migrations seed (empty list: the database is empty). */
export async function nonEmptyTables(t: Database): Promise<string[]> {
  const found: string[] = [];
  for (const name of await publicTables(t)) {
    if (SEEDED_BY_MIGRATIONS.includes(name)) continue;
    const [row] = rowsOf<{ any: boolean }>(await t.execute(sql.raw(`select exists (select 1 from public.${quoteIdent(name)}) as any`)));
    if (row?.any) found.push(name);
  }
  return found;
}

function parseControl(line: string): ControlLine {
  try {
    return JSON.parse(line) as ControlLine;
  } catch {
    throw new BackupError('백업 파일이 손상되었습니다 / The backup file is damaged (unreadable control line).');
  }
}

export async function restoreBackup(
  db: Database,
  migrationsFolder: string,
  file: string,
  options: { force?: boolean } = {},
): Promise<RestoreSummary> {
  const migrations = codeMigrations(migrationsFolder);
  const iterator = lines(file)[Symbol.asyncIterator]();
  const nextLine = async () => {
    try {
      return await iterator.next();
    } catch (error) {
      throw new BackupError(`백업 파일이 손상되었거나 gzip이 아닙니다 / The backup file is damaged or not gzip (${(error as Error).message}): ${file}`);
    }
  };
  const first = await nextLine();
  const header = !first.done && first.value.startsWith(CONTROL_PREFIX) ? parseControl(first.value) : undefined;
  if (header?.['@'] !== 'backup') throw new BackupError(`포털 백업 파일이 아닙니다 / Not a portal backup: ${file}`);
  if (header.format !== BACKUP_FORMAT) {
    throw new BackupError(`지원하지 않는 백업 형식(${header.format})입니다 / Unsupported backup format ${header.format}.`);
  }
  const level = backupLevel(header, migrations);

  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    if (!options.force) {
      const busy = await nonEmptyTables(t);
      if (busy.length) {
        throw new BackupError(
          `복원할 데이터베이스가 비어 있지 않습니다(${busy.slice(0, 5).join(', ')}${busy.length > 5 ? ' …' : ''}). 지우고 덮어쓰려면 --force를 붙이세요.\n` +
            `The target database is not empty (${busy.slice(0, 5).join(', ')}). Add --force to replace everything in it.`,
        );
      }
    }
    await t.execute(sql`set local timezone = 'UTC'`);
    // Rebuild the schema at the backup's level.
    await t.execute(sql`drop schema if exists drizzle cascade`);
    await t.execute(sql`drop schema if exists public cascade`);
    await t.execute(sql`create schema public`);
    await t.execute(sql`create schema drizzle`);
    await t.execute(sql`create table drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`);
    await applyMigrations(t, migrations.slice(0, level));
    const seeded = await publicTables(t);
    if (seeded.length) await t.execute(sql.raw(`truncate table ${seeded.map((n) => `public.${quoteIdent(n)}`).join(', ')} restart identity cascade`));

    const rows: Record<string, number> = {};
    let table: TableLine | undefined;
    let batch: string[] = [];
    let batchChars = 0;
    const flush = async () => {
      if (!table || !batch.length) return;
      const columns = table.columns.map(quoteIdent).join(', ');
      const target = `public.${quoteIdent(table.name)}`;
      await t.execute(
        sql`insert into ${sql.raw(target)} (${sql.raw(columns)}) overriding system value
            select ${sql.raw(columns)} from jsonb_populate_recordset(null::${sql.raw(target)}, ${`[${batch.join(',')}]`}::jsonb)`,
      );
      rows[table.name] = (rows[table.name] ?? 0) + batch.length;
      batch = [];
      batchChars = 0;
    };

    let ended: Record<string, number> | undefined;
    for (let next = await nextLine(); !next.done; next = await nextLine()) {
      const line = next.value;
      if (!line) continue;
      if (ended) throw new BackupError('백업 파일의 끝 뒤에 내용이 더 있습니다 / Data after the end of the backup.');
      if (!line.startsWith(CONTROL_PREFIX)) {
        if (!table) throw new BackupError('백업 파일이 손상되었습니다 / The backup file is damaged (a row outside any table).');
        batch.push(line);
        batchChars += line.length;
        if (batch.length >= BATCH_ROWS || batchChars >= BATCH_CHARS) await flush();
        continue;
      }
      await flush();
      const control = parseControl(line);
      if (control['@'] === 'table') {
        table = control;
        rows[table.name] ??= 0;
      } else if (control['@'] === 'sequence') {
        table = undefined;
        await t.execute(
          sql`select setval(pg_get_serial_sequence(${`public.${quoteIdent(control.table)}`}, ${control.column}), ${control.lastValue}::bigint, ${control.isCalled})`,
        );
      } else if (control['@'] === 'end') {
        ended = control.rows;
      } else {
        throw new BackupError('백업 파일이 손상되었습니다 / The backup file is damaged (unexpected line).');
      }
    }
    await flush();
    if (!ended) throw new BackupError('백업 파일이 중간에 끊겼습니다(끝 표시 없음) / The backup file is truncated (no end line).');
    for (const [name, count] of Object.entries(ended)) {
      if ((rows[name] ?? 0) !== count) {
        throw new BackupError(`백업 파일이 손상되었습니다(${name}: ${rows[name] ?? 0}/${count}행) / Damaged backup: ${name} has ${rows[name] ?? 0} of ${count} rows.`);
      }
    }
    await applyMigrations(t, migrations.slice(level));
    return { rows, backupLevel: level, migrationsApplied: migrations.length - level };
  });
}
