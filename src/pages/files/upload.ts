// POST /files/upload: receives files as a stream (see src/lib/files/upload.ts for why not an
// Action). Two callers:
// - the upload script (JavaScript): gets JSON with the saved files and Korean refusals;
// - a form posted without JavaScript (its 파일 올리기 button has formaction=/files/upload?return=…
//   and formenctype=multipart/form-data): the whole form arrives here; the files are saved and
//   the form page is rendered again with everything typed, the new files listed (hidden
//   fileId fields) and any refusal next to the file field.
import type { APIRoute } from 'astro';
import { refusal } from '../../lib/http/refusal';
import { database } from '../../lib/runtime';
import { ADDRESS_CONFIRMATION_MESSAGE, can, isSuspended } from '../../lib/auth/permissions';
import { readFileSettings } from '../../lib/files/limits';
import { databaseBlobStore } from '../../lib/files/store';
import { filesByIds, type FileView } from '../../lib/files/files';
import { receiveUpload, UploadRejected } from '../../lib/files/upload';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });

/** Only a path of this site, and not this route itself. */
function returnPath(url: URL): string | undefined {
  const value = url.searchParams.get('return');
  return value && /^\/(?!\/)[^\s\\]*$/.test(value) && !value.startsWith('/files/') ? value : undefined;
}

function summary(file: FileView) {
  return { id: file.id, name: file.name, kind: file.kind, type: file.type, size: file.size, url: file.url, width: file.width, height: file.height };
}

export const POST: APIRoute = async (context) => {
  const { request, locals, url } = context;
  const back = returnPath(url);
  const user = locals.user;
  if (!user) return refusal(401, '로그인한 회원만 파일을 올릴 수 있습니다.', { json: true });
  if (!can(user, 'file.upload', null)) {
    return refusal(403, isSuspended(user) ? '이용이 정지된 동안에는 파일을 올릴 수 없습니다.' : ADDRESS_CONFIRMATION_MESSAGE, { json: true });
  }
  const db = await database();
  let outcome;
  try {
    outcome = await receiveUpload(db, request, { actor: user, settings: readFileSettings(), store: databaseBlobStore, now: () => new Date() });
  } catch (error) {
    if (error instanceof UploadRejected) return json(error.status, { error: error.message });
    throw error;
  }
  if (!back) {
    const saved = await filesByIds(db, outcome.saved.map((f) => f.id), user);
    return json(outcome.saved.length || !outcome.refused.length ? 200 : 422, {
      files: saved.map(summary),
      errors: outcome.refused.map((r) => r.message),
    });
  }
  // Without JavaScript: render the form page again with what was typed and the new files.
  const body = new URLSearchParams();
  for (const [name, value] of outcome.fields) body.append(name, value);
  for (const file of outcome.saved) body.append('fileId', String(file.id));
  for (const refusal of outcome.refused) body.append('uploadError', refusal.message);
  if (!outcome.saved.length && !outcome.refused.length) body.append('uploadError', '올릴 파일을 먼저 골라 주세요.');
  const headers = new Headers(request.headers);
  headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
  headers.delete('content-length');
  const page = new URL(back, url);
  return context.rewrite(new Request(page, { method: 'POST', headers, body }));
};
