// Upload limits, from the environment (documented in the README). Staff and admins may
// upload more: they post official documents (공고문, 서식) that can be large.
import { hasRole, type Actor } from '../auth/permissions';

const MB = 1024 * 1024;

export interface FileLimits {
  imageBytes: number;
  documentBytes: number;
  /** Total a person may upload in 24 hours. */
  dailyBytes: number;
}

export interface FileSettings {
  member: FileLimits;
  staff: FileLimits;
  /** Decompression bombs: images with more pixels than this are refused unread. */
  maxPixels: number;
  /** Zip bombs: the total the central directory says the entries unpack to, and the ratio. */
  zipMaxUnpackedBytes: number;
  zipMaxRatio: number;
  zipMaxEntries: number;
}

function megabytes(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name]);
  return Math.round((Number.isFinite(value) && value > 0 ? value : fallback) * MB);
}

export function readFileSettings(env: NodeJS.ProcessEnv = process.env): FileSettings {
  return {
    member: {
      imageBytes: megabytes(env, 'FILES_IMAGE_MAX_MB', 10),
      documentBytes: megabytes(env, 'FILES_DOCUMENT_MAX_MB', 30),
      dailyBytes: megabytes(env, 'FILES_DAILY_MB', 100),
    },
    staff: {
      imageBytes: megabytes(env, 'FILES_STAFF_IMAGE_MAX_MB', 20),
      documentBytes: megabytes(env, 'FILES_STAFF_DOCUMENT_MAX_MB', 100),
      dailyBytes: megabytes(env, 'FILES_STAFF_DAILY_MB', 1000),
    },
    maxPixels: Number(env.FILES_MAX_PIXELS) > 0 ? Number(env.FILES_MAX_PIXELS) : 50_000_000,
    zipMaxUnpackedBytes: megabytes(env, 'FILES_ZIP_MAX_UNPACKED_MB', 500),
    zipMaxRatio: 100,
    zipMaxEntries: 10_000,
  };
}

export function limitsFor(actor: Actor, settings: FileSettings): FileLimits {
  return hasRole(actor, 'staff') ? settings.staff : settings.member;
}

/** "10MB", "512KB" — for messages and lists. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))}MB`;
  if (bytes >= 1024) return `${Math.ceil(bytes / 1024)}KB`;
  return `${bytes}B`;
}
