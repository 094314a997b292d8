// A built server for one test file, on a copy of the migrated template database: started
// before the file's tests, stopped and its data folder removed after them.
import fs from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { startServer, tempDataDir, type RunningServer } from './server';
import { budget } from './budgets';

export interface ServedSite {
  server: RunningServer;
  dataDir: string;
}

/** `env` is added to the server's environment (DATA_DIR and an empty DATABASE_URL are set here). */
export function useBuiltServer(env: Record<string, string | undefined> = {}): ServedSite {
  const site = {} as ServedSite;
  beforeAll(async () => {
    site.dataDir = tempDataDir();
    site.server = await startServer({ DATA_DIR: site.dataDir, DATABASE_URL: '', ...env });
  }, budget({ database: 1 }));
  afterAll(async () => {
    await site.server?.stop();
    if (site.dataDir) fs.rmSync(site.dataDir, { recursive: true, force: true });
  });
  return site;
}
