// Runs once per test project before any test file: the migrated PGlite template every
// embedded test database starts from (tests/helpers/pglite-template.ts).
import { ensurePgliteTemplate } from '../helpers/pglite-template';

export async function setup(): Promise<void> {
  const started = Date.now();
  await ensurePgliteTemplate();
  const seconds = (Date.now() - started) / 1000;
  if (seconds > 1) console.log(`PGlite test template ready in ${seconds.toFixed(1)} s`);
}
