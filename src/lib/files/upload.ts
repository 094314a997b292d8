// Receiving a multipart upload as a stream. Astro's request.formData() (and Actions, which
// use it) buffer the whole body in memory — and Actions refuse bodies over
// security.actionBodySizeLimit (1 MB, left as it is) — so uploads come to an API route that
// parses the body with busboy: each file goes straight to a temporary file on disk through
// a hash, never more than a stream buffer in memory, then is checked and stored in ~256 KB
// chunks. Text fields of the form (kept so a form posted without JavaScript comes back
// with everything typed) are bounded in number and size.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import type { Database } from '../db/client';
import type { StoredFile } from '../db/schema';
import type { Actor } from '../auth/permissions';
import { FileRefused } from './detect';
import { saveUpload, sweepOccasionally } from './files';
import { formatBytes, limitsFor, type FileSettings } from './limits';
import type { BlobStore } from './store';

export const MAX_FILES_PER_REQUEST = 10;
const MAX_FIELDS = 300;
const MAX_FIELD_BYTES = 64 * 1024;

export interface UploadOutcome {
  /** Text fields in order (repeated names kept). */
  fields: [string, string][];
  saved: StoredFile[];
  refused: { name: string; message: string }[];
}

export class UploadRejected extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
  }
}

export async function receiveUpload(
  db: Database,
  request: Request,
  input: { actor: Actor; settings: FileSettings; store: BlobStore; now: () => Date },
): Promise<UploadOutcome> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.startsWith('multipart/form-data') || !request.body) {
    throw new UploadRejected('파일을 보내는 형식(multipart/form-data)이 아닙니다.', 415);
  }
  const limits = limitsFor(input.actor, input.settings);
  const perFile = Math.max(limits.imageBytes, limits.documentBytes);
  const folder = await mkdtemp(path.join(tmpdir(), 'jbsf-upload-'));
  const outcome: UploadOutcome = { fields: [], saved: [], refused: [] };
  const work: Promise<void>[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const parser = busboy({
        headers: { 'content-type': contentType },
        defParamCharset: 'utf8',
        limits: { files: MAX_FILES_PER_REQUEST, fileSize: perFile, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FILES_PER_REQUEST + MAX_FIELDS },
      });
      let count = 0;
      parser.on('field', (name, value, info) => {
        if (info.valueTruncated) outcome.refused.push({ name, message: `‘${name}’ 항목이 너무 깁니다.` });
        else outcome.fields.push([name, value]);
      });
      parser.on('file', (_field, stream, info) => {
        const name = info.filename?.trim() ?? '';
        if (!name) {
          stream.resume(); // an empty file input
          return;
        }
        const target = path.join(folder, `${count++}`);
        let size = 0;
        const counter = new Transform({
          transform(piece: Buffer, _encoding, done) {
            size += piece.length;
            done(null, piece);
          },
        });
        let truncated = false;
        stream.on('limit', () => (truncated = true));
        const written = pipeline(stream, counter, createWriteStream(target));
        work.push(
          written.then(async () => {
            if (truncated) {
              outcome.refused.push({ name, message: `‘${name}’: 파일이 너무 큽니다. 그림은 ${formatBytes(limits.imageBytes)}, 문서는 ${formatBytes(limits.documentBytes)}까지 올릴 수 있습니다.` });
              return;
            }
            try {
              outcome.saved.push(await saveUpload(db, { path: target, name, size, uploader: input.actor, settings: input.settings, store: input.store, now: input.now() }));
            } catch (error) {
              if (!(error instanceof FileRefused)) throw error;
              outcome.refused.push({ name, message: `‘${name}’: ${error.message}` });
            } finally {
              await rm(target, { force: true });
            }
          }),
        );
      });
      parser.on('filesLimit', () => outcome.refused.push({ name: '', message: `한 번에 ${MAX_FILES_PER_REQUEST}개까지 올릴 수 있습니다.` }));
      parser.on('error', (error) => reject(new UploadRejected(`보낸 내용을 읽을 수 없습니다: ${(error as Error).message}`)));
      parser.on('close', resolve);
      Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>).on('error', reject).pipe(parser);
    });
    await Promise.all(work);
  } finally {
    await Promise.allSettled(work);
    await rm(folder, { recursive: true, force: true });
  }
  // Keep the saved ones in the order they were sent.
  outcome.saved.sort((a, b) => a.id - b.id);
  await sweepOccasionally(db, input.store, input.now());
  return outcome;
}
