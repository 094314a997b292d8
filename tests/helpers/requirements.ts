// Tests that need Chromium, PostgreSQL or pdftotext skip with a clear message on a developer's
// machine that lacks them, but fail in CI (CI=true), where everything must run.
import fs from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export const PDFTOTEXT_PATH = '/usr/bin/pdftotext';

const HINTS = {
  chromium: `Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`,
  postgres: 'TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/portal_test)',
  pdftotext: `pdftotext not found at ${PDFTOTEXT_PATH} (apt-get install -y poppler-utils)`,
};

export function available(what: keyof typeof HINTS): boolean {
  const ok =
    what === 'chromium' ? fs.existsSync(CHROMIUM_PATH) : what === 'pdftotext' ? fs.existsSync(PDFTOTEXT_PATH) : !!TEST_DATABASE_URL;
  if (ok) return true;
  const hint = HINTS[what];
  if (process.env.CI) throw new Error(`${hint}: required in CI.`);
  console.warn(`SKIPPED: ${hint}.`);
  return false;
}
