// Restores a backup made by `npm run backup`: npm run restore FILE [--force]
// Into DATABASE_URL's PostgreSQL database, or the embedded database in DATA_DIR (stop the
// server first; this script refuses while it runs). The database must be empty unless
// --force is given, which replaces everything in it. One transaction: on any error nothing
// changes. A backup from a PGlite portal restores on PostgreSQL (the move described in the
// README) and back.
import path from 'node:path';
import { readConfig } from '../src/lib/config';
import { restoreBackup } from '../src/lib/backup/restore';
import { BackupError } from '../src/lib/backup/format';
import { openForBackup } from './backup-database';

const args = process.argv.slice(2);
const force = args.includes('--force');
const files = args.filter((a) => a !== '--force');
if (files.length !== 1) {
  console.error('사용법 / Usage: npm run restore -- FILE [--force]');
  process.exit(2);
}
const config = readConfig();
const handle = await openForBackup(config, '복원', 'restore');
let failed = false;
try {
  const summary = await restoreBackup(handle.db, config.migrationsFolder, path.resolve(files[0]!), { force });
  const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  console.log(`복원 완료 / Restored ${total} rows in ${Object.keys(summary.rows).length} tables into ${handle.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${config.dataDir}`}.`);
  if (summary.migrationsApplied) console.log(`  The backup was at migration ${summary.backupLevel}; ${summary.migrationsApplied} newer migration(s) applied.`);
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(error.message);
  failed = true;
} finally {
  await handle.close();
}
if (failed) process.exit(1);
