// PGlite allows one process per data folder; a second one corrupts it. A lock file with
// the owner's PID makes a second process fail at once with a clear message instead.
import fs from 'node:fs';

export class DirectoryInUseError extends Error {}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock at `lockPath`; returns a function that releases it. */
export function acquireDirectoryLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && processIsAlive(owner)) {
        throw new DirectoryInUseError(
          `The embedded database folder is already in use by process ${owner} (lock file ${lockPath}). ` +
            'Stop that process first, point DATA_DIR at another folder, or set DATABASE_URL to share a PostgreSQL server between instances.',
        );
      }
      // The owner died without cleaning up (or it is us after a crash): the lock is stale.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DirectoryInUseError(`Could not take the database lock ${lockPath}.`);
}
