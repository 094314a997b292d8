// One migrated embedded database for the whole test run. Creating a PGlite database runs
// initdb inside WebAssembly: 6–9 s on a quiet 2-core machine and several times that on a
// busy one. So the global setup makes it once — an in-memory database with every migration
// applied, dumped to a tarball, and the same loaded into a data folder — and tests start
// their databases from it: `loadDataDir` for in-memory ones, a copy of the folder for servers.
// The template is keyed by the migrations and the PGlite version, so a new migration makes
// a new template; it lives in node_modules/.cache, which a fresh clone does not have.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../src/lib/db/client';

export const MIGRATIONS = path.resolve('drizzle');
const CACHE = path.resolve('node_modules/.cache/portal-test-pglite');

function templateKey(): string {
  const hash = crypto.createHash('sha256');
  hash.update(fs.readFileSync(path.resolve('node_modules/@electric-sql/pglite/package.json')));
  const files = fs.readdirSync(MIGRATIONS, { recursive: true, encoding: 'utf8' }).sort();
  for (const file of files) {
    const full = path.join(MIGRATIONS, file);
    if (!fs.statSync(full).isFile()) continue;
    hash.update(file).update(fs.readFileSync(full));
  }
  return hash.digest('hex').slice(0, 16);
}

function templateDir(): string {
  return path.join(CACHE, templateKey());
}

/** Makes the template unless this version of the migrations already has one. */
export async function ensurePgliteTemplate(): Promise<void> {
  const dir = templateDir();
  if (fs.existsSync(path.join(dir, 'ready'))) return;
  fs.mkdirSync(CACHE, { recursive: true });
  // Old templates (earlier migrations) are of no use any more.
  for (const old of fs.readdirSync(CACHE)) fs.rmSync(path.join(CACHE, old), { recursive: true, force: true });
  const work = fs.mkdtempSync(path.join(CACHE, 'building-'));
  const memory = await openDatabase({ migrationsFolder: MIGRATIONS });
  const tarball = await memory.dumpDataDir!();
  await memory.close();
  fs.writeFileSync(path.join(work, 'pglite.tar'), Buffer.from(await tarball.arrayBuffer()));
  const folder = await openDatabase({ dataDir: path.join(work, 'data'), loadDataDir: tarball, migrationsFolder: MIGRATIONS });
  await folder.close();
  fs.writeFileSync(path.join(work, 'ready'), new Date().toISOString());
  fs.renameSync(work, dir);
}

function readyTemplate(): string {
  const dir = templateDir();
  if (!fs.existsSync(path.join(dir, 'ready'))) {
    throw new Error('The PGlite test template is missing: run the tests through vitest (its global setup makes it).');
  }
  return dir;
}

/** The migrated template as a tarball, for `openDatabase({ loadDataDir })`. */
export function templateTarball(): Blob {
  return new Blob([fs.readFileSync(path.join(readyTemplate(), 'pglite.tar'))]);
}

/** Fills `dataDir` (a server's DATA_DIR) with a copy of the migrated template. */
export function copyTemplateDataDir(dataDir: string): void {
  fs.cpSync(path.join(readyTemplate(), 'data'), dataDir, { recursive: true });
}
