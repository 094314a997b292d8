// Every action's result passes through here (src/middleware.ts runs the actions): errors
// Astro raises itself carry English text, and an unexpected exception inside a handler
// carries its own message (a database error, say) — neither may reach a visitor. The first
// get a Korean message by code; the second is logged with the request id and replaced.
import { ActionError, isActionError, isInputError } from 'astro:actions';

type ActionErrorCode = ConstructorParameters<typeof ActionError>[0]['code'];

const KOREAN_BY_CODE: Partial<Record<ActionErrorCode, string>> = {
  BAD_REQUEST: '잘못된 요청입니다. 페이지를 새로 고친 뒤 다시 보내 주세요.',
  UNAUTHORIZED: '로그인이 필요합니다. 다시 로그인해 주세요.',
  FORBIDDEN: '이 작업을 할 권한이 없습니다.',
  NOT_FOUND: '요청한 기능을 찾을 수 없습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.',
  METHOD_NOT_ALLOWED: '이 방식의 요청은 받을 수 없습니다.',
  CONTENT_TOO_LARGE: '보낸 내용이 너무 큽니다(최대 1MB). 글을 줄이고, 파일은 첨부 기능으로 올려 주세요.',
  UNSUPPORTED_MEDIA_TYPE: '이 형식의 요청은 받을 수 없습니다. 화면에 있는 양식으로 보내 주세요.',
  TOO_MANY_REQUESTS: '요청이 너무 많습니다. 잠시 뒤에 다시 시도해 주세요.',
};

const HANGUL = /[\uAC00-\uD7A3]/;

export interface ActionOutcome {
  data?: unknown;
  error?: unknown;
}

function internalError(requestId: string): ActionError {
  return new ActionError({
    code: 'INTERNAL_SERVER_ERROR',
    message: `요청을 처리하는 중에 문제가 생겼습니다. 잠시 뒤에 다시 시도해 주세요. (오류 번호 ${requestId})`,
  });
}

/** The same outcome, with every error message one a visitor may read (Korean, no internals). */
export function koreanActionOutcome<T extends ActionOutcome>(outcome: T, requestId: string, log: (message: string) => void): T {
  const { error } = outcome;
  if (!error || isInputError(error)) return outcome;
  if (!isActionError(error)) {
    log(String(error));
    return { ...outcome, error: internalError(requestId) };
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    // Astro turned an exception of the handler into this; its message is the exception's.
    if (!error.message.includes(`(오류 번호 ${requestId})`)) log(error.message);
    return { ...outcome, error: internalError(requestId) };
  }
  if (HANGUL.test(error.message)) return outcome;
  const message = KOREAN_BY_CODE[error.code] ?? '요청을 처리할 수 없습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.';
  return { ...outcome, error: new ActionError({ code: error.code, message }) };
}

/** Runs an action; a body Astro cannot parse (malformed JSON, a broken form) is a 400, not a 500. */
export async function runActionSafely<T extends ActionOutcome>(run: () => Promise<T>): Promise<T | { data: undefined; error: ActionError }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof TypeError) {
      return { data: undefined, error: new ActionError({ code: 'BAD_REQUEST', message: '보낸 데이터를 읽을 수 없습니다. 형식이 올바르지 않습니다.' }) };
    }
    throw error;
  }
}
