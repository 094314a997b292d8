// Tests that need Chromium or PostgreSQL skip with a clear message on a developer's
// machine that lacks them, but fail in CI (CI=true), where everything must run.
import fs from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export function available(what: 'chromium' | 'postgres'): boolean {
  const ok = what === 'chromium' ? fs.existsSync(CHROMIUM_PATH) : !!TEST_DATABASE_URL;
  if (ok) return true;
  const hint =
    what === 'chromium'
      ? `Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`
      : 'TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/portal_test)';
  if (process.env.CI) throw new Error(`${hint}: required in CI.`);
  console.warn(`SKIPPED: ${hint}.`);
  return false;
}
