// Serves /pagefind/<path> from the stored generations. Each instance keeps the files it has
// served in memory and asks the database for the newest generation at most every few
// seconds (one indexed single-row query), dropping its copies when it changed, so every
// instance serves a new index within seconds of it being stored.
import type { Database } from '../db/client';
import { latestGeneration, readIndexFile } from './index-store';

export interface ServedFile {
  content: Buffer;
  contentType: string;
  cacheControl: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** Fragment, index, filter and meta files are named by their content's hash: never stale. */
const HASHED = /\.pf_(?:fragment|index|filter|meta)$/;

export const SAFE_PATH = /^[\w.-]+(?:\/[\w.-]+)*$/;

export class IndexFileCache {
  private generation: number | undefined;
  private checkedAt = 0;
  private files = new Map<string, ServedFile>();

  constructor(private readonly checkMs: number) {}

  /** The newest stored generation, looked up at most every `checkMs`. */
  async currentGeneration(db: Database, nowMs = Date.now()): Promise<number | undefined> {
    if (this.generation === undefined || nowMs - this.checkedAt >= this.checkMs) {
      const latest = (await latestGeneration(db))?.id;
      this.checkedAt = nowMs;
      if (latest !== this.generation) {
        this.generation = latest;
        this.files.clear();
      }
    }
    return this.generation;
  }

  async get(db: Database, path: string): Promise<ServedFile | undefined> {
    if (!SAFE_PATH.test(path) || path.includes('..')) return undefined;
    const generation = await this.currentGeneration(db);
    if (generation === undefined) return undefined;
    const cached = this.files.get(path);
    if (cached) return cached;
    const found = await readIndexFile(db, path);
    if (!found) return undefined;
    const hashed = HASHED.test(path);
    const file: ServedFile = {
      content: found.content,
      contentType: TYPES[path.split('.').pop() ?? ''] ?? 'application/octet-stream',
      cacheControl: hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
      etag: `"${hashed ? path.replace(/\W/g, '') : `g${generation}-${path.replace(/\W/g, '')}`}"`,
    };
    if (this.files.size < 5000) this.files.set(path, file);
    return file;
  }
}
