// The portal's backup format, the same for PGlite and PostgreSQL, so that a backup of the
// embedded database can be restored on a PostgreSQL server and back:
//
//   a gzip file of JSON lines (`.jsonl.gz`), read and written as a stream —
//   {"@":"backup","format":1,"createdAt":…,"source":"pglite","migrations":[{"hash","when"},…]}
//   {"@":"table","name":"users","columns":["id","email",…]}
//   {…one row, as PostgreSQL's to_jsonb() gives it (bytea as "\\x…" hex, timestamps ISO)…}
//   …
//   {"@":"sequence","table":"users","column":"id","lastValue":"42","isCalled":true}
//   {"@":"end","rows":{"users":12,…}}
//
// Tables come in foreign-key order (parents first), so rows can be inserted as they are read.
// `migrations` is the schema level (drizzle's applied migrations): restore rebuilds the schema
// at that level, loads the rows, then applies newer migrations, data parts included. The `end`
// line with the row counts lets restore refuse a truncated file.
import { readMigrationFiles } from 'drizzle-orm/migrator';

export const BACKUP_FORMAT = 1;

export interface MigrationLevel {
  hash: string;
  /** drizzle's `folderMillis` (the journal's `when`), also `created_at` in __drizzle_migrations. */
  when: number;
}

export interface BackupHeader {
  '@': 'backup';
  format: number;
  createdAt: string;
  source: 'pglite' | 'postgres';
  migrations: MigrationLevel[];
}

export interface TableLine {
  '@': 'table';
  name: string;
  columns: string[];
}

export interface SequenceLine {
  '@': 'sequence';
  table: string;
  column: string;
  lastValue: string;
  isCalled: boolean;
}

export interface EndLine {
  '@': 'end';
  rows: Record<string, number>;
}

export type ControlLine = BackupHeader | TableLine | SequenceLine | EndLine;

/** Control lines start so; row lines are objects of column names, which never are "@". */
export const CONTROL_PREFIX = '{"@":';

/** Tables filled by the migrations themselves: a database holding only these counts as empty. */
export const SEEDED_BY_MIGRATIONS = ['boards'];

/** Refusals with a message for the operator (Korean first, then English). */
export class BackupError extends Error {}

export function codeMigrations(migrationsFolder: string) {
  return readMigrationFiles({ migrationsFolder });
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
