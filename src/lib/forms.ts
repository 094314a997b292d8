// Shared pieces of the form-handling pattern (Astro Actions): Korean validation messages
// for form fields, and reading back what a person typed so a failed form keeps it.
import { z } from 'astro/zod';

// Korean messages for every zod check that has no message of its own — also the limits only
// a crafted request reaches (a 100,000-character field, a number where text belongs). Zod's
// configuration is global, so this one call covers every schema of the server; the middleware
// imports this module so it is set before any action runs.
z.config(z.locales.ko());
z.config({
  customError: (issue) => {
    if (issue.code === 'too_big' && issue.origin === 'string') return `${String(issue.maximum)}자 이하로 입력해 주세요.`;
    if (issue.code === 'too_small' && issue.origin === 'string') return Number(issue.minimum) <= 1 ? '값을 입력해 주세요.' : `${String(issue.minimum)}자 이상 입력해 주세요.`;
    if (issue.code === 'too_big' && issue.origin === 'array') return `${String(issue.maximum)}개까지 고를 수 있습니다.`;
    if (issue.code === 'too_big' && issue.origin === 'number') return '허용된 범위를 넘는 값입니다.';
    if (issue.code === 'invalid_type') return issue.input == null ? '필수 항목입니다. 값을 입력해 주세요.' : '값의 형식이 올바르지 않습니다.';
    if (issue.code === 'invalid_value') return '목록에 있는 값을 골라 주세요.';
    if (issue.code === 'invalid_format') return '형식이 올바르지 않습니다.';
    return undefined; // the Korean locale's message
  },
});

/** The largest row id: ids are PostgreSQL `serial` (int4); a larger number is no row, not an error. */
export const MAX_ID = 2_147_483_647;

/** A row id as a form sends it (digits), checked against the database's integer range. */
export const idField = z.coerce.number({ error: '잘못된 요청입니다.' }).int({ error: '잘못된 요청입니다.' }).positive({ error: '잘못된 요청입니다.' }).max(MAX_ID, { error: '잘못된 요청입니다.' });

/** Is this (a number from an address) a possible row id? */
export function isId(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && value <= MAX_ID;
}

/** A required single-line text field, trimmed, with Korean messages. */
export function requiredText(emptyMessage: string, maxLength: number) {
  return z
    .string({ error: emptyMessage })
    .trim()
    .min(1, { error: emptyMessage })
    .max(maxLength, { error: `${maxLength}자 이하로 입력해 주세요.` });
}

/** An optional choice from a fixed list; an empty value means "not given" (null). */
export function optionalChoice<T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z
    .enum(values, { error: message })
    .nullish() // Actions pass an empty or missing field as null
    .transform((v) => v ?? null);
}

export const emailField = z
  .string({ error: '이메일 주소를 입력해 주세요.' })
  .trim()
  .max(254, { error: '이메일 주소가 너무 깁니다.' })
  .pipe(z.email({ error: '올바른 이메일 주소 형식이 아닙니다. (예: name@example.com)' }));

/** A checkbox; `requiredMessage` makes ticking it mandatory. */
export function checkbox(requiredMessage?: string) {
  const box = z.boolean().default(false);
  return requiredMessage ? box.refine((v) => v, { error: requiredMessage }) : box;
}

const NEVER_ECHOED = /password/i;

/**
 * The values of a submitted form, to put back into the fields after an error.
 * Password fields are never sent back.
 */
export async function submittedValues(request: Request): Promise<Record<string, string>> {
  if (request.method !== 'POST') return {};
  try {
    const data = await request.clone().formData();
    const values: Record<string, string> = {};
    for (const [key, value] of data) {
      if (typeof value === 'string' && !NEVER_ECHOED.test(key)) values[key] = value;
    }
    return values;
  } catch {
    return {};
  }
}

/** Field name → messages, from an action's input error (empty for other errors). */
export function fieldErrorsOf(error: unknown): Record<string, string[] | undefined> {
  if (error && typeof error === 'object' && 'fields' in error) {
    return (error as { fields: Record<string, string[] | undefined> }).fields;
  }
  return {};
}

/**
 * The sign-in page that leads back to `url` afterwards, query string included (an action's
 * `_action` parameter dropped: the form is not sent again by going back).
 */
export function loginPath(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.delete('_action');
  const query = params.toString();
  return `/login?next=${encodeURIComponent(url.pathname + (query ? `?${query}` : ''))}`;
}

/** A same-site path to continue to after signing in; anything else becomes `fallback`. */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** Every value sent under a repeated field name (e.g. rows of inputs), to put back after an error. */
export async function submittedList(request: Request, name: string): Promise<string[]> {
  if (request.method !== 'POST') return [];
  try {
    return (await request.clone().formData()).getAll(name).filter((v): v is string => typeof v === 'string');
  } catch {
    return [];
  }
}
