// GET /files/<sha256>/<name>: a stored file, from the portal's own origin. Who may fetch it
// follows what it belongs to, checked on every request (src/lib/files/files.ts).
import type { APIRoute } from 'astro';
import { database } from '../../../lib/runtime';
import { countDownload, findServable } from '../../../lib/files/files';
import { fileResponse } from '../../../lib/files/http';
import { databaseBlobStore } from '../../../lib/files/store';

const notFound = () =>
  new Response('파일을 찾을 수 없습니다. 삭제되었거나 볼 수 있는 권한이 없습니다.', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });

export const GET: APIRoute = async ({ params, request, locals }) => {
  const sha256 = params.hash ?? '';
  if (!/^[0-9a-f]{64}$/.test(sha256)) return notFound();
  const db = await database();
  const file = await findServable(db, sha256, locals.user, new Date());
  // Not allowed looks like not there: a guest learns nothing about members-only files.
  if (!file) return notFound();
  const { response, fullDownload } = fileResponse(db, databaseBlobStore, file, request);
  if (fullDownload && file.kind === 'document') await countDownload(db, file.fileIds[0]!);
  return response;
};

export const HEAD = GET;
