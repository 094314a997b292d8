// Backs the portal's database up to one file: npm run backup [FILE]
// (default backups/portal-<date>-<time>.jsonl.gz). DATABASE_URL → that PostgreSQL database,
// read in one consistent snapshot while the portal keeps running; otherwise the embedded
// database in DATA_DIR, which only one process may open: stop the server first (this script
// refuses while it runs). Uploaded files are stored in the database and are part of the file.
// The format (src/lib/backup/format.ts) is the same for both, so a backup of the embedded
// database restores on PostgreSQL: see README "Backups and restore".
import path from 'node:path';
import { readConfig } from '../src/lib/config';
import { createBackup } from '../src/lib/backup/backup';
import { openForBackup } from './backup-database';

const config = readConfig();
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
const file = path.resolve(process.argv[2] ?? path.join('backups', `portal-${stamp}.jsonl.gz`));
const handle = await openForBackup(config, '백업', 'back up');
try {
  const summary = await createBackup(handle.db, handle.kind, file);
  const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  console.log(`백업 완료 / Backup written: ${summary.file}`);
  console.log(`  ${Object.keys(summary.rows).length} tables, ${total} rows (files: ${summary.rows.file_blobs ?? 0} stored contents), schema at migration ${summary.migrations}.`);
} finally {
  await handle.close();
}
