// Opens the configured database for scripts/backup.ts and scripts/restore.ts. The embedded
// database allows one process per data folder (src/lib/db/directory-lock.ts): while the
// portal runs on it, another process cannot open it: restoring refuses with a message saying
// to stop the server first (backing up asks the server when it answers, see
// src/lib/backup/live.ts, and refuses the same way when it does not).
import type { PortalConfig } from '../src/lib/config';
import { openDatabase, type DatabaseHandle } from '../src/lib/db/client';
import { DirectoryInUseError } from '../src/lib/db/directory-lock';

export async function openForBackup(config: PortalConfig, korean: string, english: string): Promise<DatabaseHandle> {
  try {
    return await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrationsFolder: config.migrationsFolder });
  } catch (error) {
    if (!(error instanceof DirectoryInUseError)) throw error;
    console.error(
      `포털 서버가 내장 데이터베이스(${config.dataDir})를 쓰고 있어 ${korean}할 수 없습니다. 서버를 멈춘 뒤 다시 실행하세요.\n` +
        `The portal server is using the embedded database in ${config.dataDir}; stop it, then ${english} again.\n` +
        `(${error.message})`,
    );
    process.exit(1);
  }
}
