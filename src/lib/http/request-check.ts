// Input no handler should ever see: checked once, in src/middleware.ts, for every on-demand
// route and every action (also those added later), so that a broken client or an attacker
// gets a 4xx with a Korean message instead of a database error or a parser's stack.
//
// - NUL (PostgreSQL refuses 0x00 in text) and lone UTF-16 surrogates (not valid Unicode;
//   they reach us through JSON's "\ud800" escapes) in the address, the headers, and every
//   text field of an action's body;
// - an action's body must be a form (urlencoded or multipart) or JSON that parses, within
//   ACTION_BODY_LIMIT bytes (Astro's own default limit for actions; over it: 413).

export type RequestProblemKind = 'encoding' | 'text' | 'json' | 'form' | 'type' | 'size';

export interface RequestProblemInfo {
  status: 400 | 413 | 415;
  /** The ActionError code an action's JavaScript caller gets. */
  code: 'BAD_REQUEST' | 'CONTENT_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE';
  title: string;
  message: string;
}

export const REQUEST_PROBLEMS: Record<RequestProblemKind, RequestProblemInfo> = {
  encoding: {
    status: 400,
    code: 'BAD_REQUEST',
    title: '잘못된 주소입니다',
    message: '주소에 읽을 수 없는 문자가 들어 있습니다. 주소를 다시 확인해 주세요.',
  },
  text: {
    status: 400,
    code: 'BAD_REQUEST',
    title: '보낼 수 없는 문자가 들어 있습니다',
    message: '보낸 내용이나 주소에 쓸 수 없는 문자(NUL 문자나 깨진 글자)가 들어 있습니다. 내용을 고쳐 다시 보내 주세요.',
  },
  json: {
    status: 400,
    code: 'BAD_REQUEST',
    title: '잘못된 요청입니다',
    message: '보낸 데이터를 읽을 수 없습니다. JSON 형식이 올바르지 않습니다.',
  },
  form: {
    status: 400,
    code: 'BAD_REQUEST',
    title: '잘못된 요청입니다',
    message: '보낸 양식을 읽을 수 없습니다. 페이지를 새로 고친 뒤 다시 보내 주세요.',
  },
  type: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    title: '받을 수 없는 형식입니다',
    message: '이 형식의 요청은 받을 수 없습니다. 화면에 있는 양식으로 보내 주세요.',
  },
  size: {
    status: 413,
    code: 'CONTENT_TOO_LARGE',
    title: '보낸 내용이 너무 큽니다',
    message: '보낸 내용이 너무 큽니다(최대 1MB). 글을 줄이고, 파일은 첨부 기능으로 올려 주세요.',
  },
};

export function isRequestProblemKind(value: string | null | undefined): value is RequestProblemKind {
  return !!value && Object.hasOwn(REQUEST_PROBLEMS, value);
}

/** Bytes an action's body may have (the same as Astro's `security.actionBodySizeLimit` default). */
export const ACTION_BODY_LIMIT = 1024 * 1024;

// With the `u` flag a surrogate pair is one code point, so only unpaired halves match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Text that must not reach a handler: a NUL character or a lone surrogate. */
export function isUnsafeText(value: string): boolean {
  return value.includes('\0') || LONE_SURROGATE.test(value);
}

/** Is this request an Astro action (a form's `?_action=` post or a `/_actions/…` call)? */
export function isActionRequest(method: string, url: URL): boolean {
  return method === 'POST' && (url.pathname.startsWith('/_actions/') || url.searchParams.has('_action'));
}

/** The address and the headers: percent-decodable, and no NUL or lone surrogate once decoded. */
export function addressProblem(url: URL, headers: Headers): RequestProblemKind | null {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return 'encoding';
  }
  if (isUnsafeText(path)) return 'text';
  for (const [key, value] of url.searchParams) {
    if (isUnsafeText(key) || isUnsafeText(value)) return 'text';
  }
  for (const [, value] of headers) {
    if (isUnsafeText(value)) return 'text';
  }
  return null;
}

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Reads at most `limit` bytes of the body; undefined when it is longer. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return undefined;
  const body = request.clone().body;
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: cancelling one branch of a cloned (teed) body resolves only once the
      // other branch is cancelled too, which nothing here does.
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function unsafeJson(value: unknown): boolean {
  if (typeof value === 'string') return isUnsafeText(value);
  if (Array.isArray(value)) return value.some(unsafeJson);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([key, v]) => isUnsafeText(key) || unsafeJson(v));
  }
  return false;
}

/**
 * The body of an action request: a form or JSON within the limit, parseable, with no unsafe
 * text in any field name or text value (file contents are the upload code's business).
 */
export async function actionBodyProblem(request: Request, limit = ACTION_BODY_LIMIT): Promise<RequestProblemKind | null> {
  const type = mediaType(request.headers.get('content-type'));
  const isForm = type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data';
  if (!isForm && type !== 'application/json') return 'type';
  const bytes = await readLimited(request, limit);
  if (!bytes) return 'size';
  if (type === 'application/json') {
    // An empty JSON body is "no input"; the action's own schema answers that.
    if (bytes.byteLength === 0) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return 'json';
    }
    return unsafeJson(parsed) ? 'text' : null;
  }
  let form: FormData;
  try {
    form = await new Request('http://portal.invalid/', { method: 'POST', headers: { 'content-type': request.headers.get('content-type')! }, body: bytes }).formData();
  } catch {
    return 'form';
  }
  for (const [key, value] of form) {
    if (isUnsafeText(key) || (typeof value === 'string' && isUnsafeText(value))) return 'text';
  }
  return null;
}

/**
 * Reads and drops the rest of a refused body (up to `cap` bytes), so that the client, still
 * sending, gets the answer instead of a connection reset. Beyond `cap` the connection is cut.
 */
export async function drainBody(request: Request, cap = 64 * 1024 * 1024): Promise<void> {
  if (!request.body || request.bodyUsed || request.body.locked) return;
  const reader = request.body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > cap) {
        reader.cancel().catch(() => undefined);
        return;
      }
    }
  } catch {
    // The client went away; nothing to answer.
  }
}
