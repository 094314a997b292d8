// Backs the portal's database up to one file: npm run backup [FILE]
// (default backups/portal-<date>-<time>.jsonl.gz). DATABASE_URL → that PostgreSQL database,
// read in one consistent snapshot while the portal keeps running; otherwise the embedded
// database in DATA_DIR, which only one process may open: when a portal server runs on it, the
// server writes the backup on this script's request (src/lib/backup/live.ts); otherwise this
// script opens the folder itself. Uploaded files are stored in the database and are part of the file.
// The format (src/lib/backup/format.ts) is the same for both, so a backup of the embedded
// database restores on PostgreSQL: see README "Backups and restore".
import path from 'node:path';
import { readConfig } from '../src/lib/config';
import { createBackup, type BackupSummary } from '../src/lib/backup/backup';
import { answeringServer, requestLiveBackup } from '../src/lib/backup/live';
import { BackupError } from '../src/lib/backup/format';
import { openForBackup } from './backup-database';

const config = readConfig();
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
const file = path.resolve(process.argv[2] ?? path.join('backups', `portal-${stamp}.jsonl.gz`));

function report(summary: BackupSummary, by: string) {
  const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  console.log(`백업 완료 / Backup written${by}: ${summary.file}`);
  console.log(`  ${Object.keys(summary.rows).length} tables, ${total} rows (files: ${summary.rows.file_blobs ?? 0} stored contents), schema at migration ${summary.migrations}.`);
}

const server = config.databaseUrl ? undefined : answeringServer(config.dataDir);
if (server) {
  try {
    report(await requestLiveBackup(config.dataDir, server, file), ` by the running server (PID ${server})`);
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
} else {
  const handle = await openForBackup(config, '백업', 'back up');
  try {
    report(await createBackup(handle.db, handle.kind, file), '');
  } finally {
    await handle.close();
  }
}
