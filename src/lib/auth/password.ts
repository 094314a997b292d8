// Password hashing (argon2id) and the password policy shown to people signing up.
import { hash, parseOptions, verify } from '@node-rs/argon2';

// @node-rs/argon2's defaults: argon2id, 19 MiB, t=2, p=1 (OWASP's recommendation).
const POLICY = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, POLICY);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** True when the stored hash was made with other parameters than today's policy. */
export function needsRehash(passwordHash: string): boolean {
  try {
    const used = parseOptions(passwordHash);
    return (
      used.memoryCost !== POLICY.memoryCost ||
      used.timeCost !== POLICY.timeCost ||
      used.parallelism !== POLICY.parallelism
    );
  } catch {
    return true;
  }
}

// Passwords common in Korea that the international list below misses.
const KOREAN_COMMON = [
  'qwer1234!@', 'qwer1234!!', 'asdf1234!@', 'zxcv1234!@', '1q2w3e4r5t', '1q2w3e4r!@', '1q2w3e4r5t6y',
  'q1w2e3r4t5', 'a1234567890', 'qwerasdfzxcv', 'qwertyuiop', 'sarang1234', 'saranghae', 'samsung123',
  'samsung1234', 'jeonbuk1234', 'jeonju1234', 'password1!', 'p@ssw0rd12', 'abcd1234!@', 'dkssudgktpdy',
];

let commonPasswords: Promise<Set<string>> | undefined;

function loadCommonPasswords(): Promise<Set<string>> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set([...dictionary['passwords-common'], ...KOREAN_COMMON]),
  );
  return commonPasswords;
}

/** Returns a Korean message saying why the password is refused, or undefined when it is acceptable. */
export async function checkPasswordPolicy(password: string): Promise<string | undefined> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `비밀번호는 ${MIN_PASSWORD_LENGTH}자 이상이어야 합니다.`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `비밀번호는 ${MAX_PASSWORD_LENGTH}자 이하여야 합니다.`;
  }
  const lower = password.toLowerCase();
  if (new Set(lower).size <= 2) {
    return '같은 문자를 반복한 비밀번호는 쓸 수 없습니다.';
  }
  if ((await loadCommonPasswords()).has(lower)) {
    return '너무 흔히 쓰이는 비밀번호입니다. 다른 비밀번호를 정해 주세요.';
  }
  return undefined;
}

/** True when the password contains the email address or its part before the @. */
export function passwordContainsEmail(password: string, email: string): boolean {
  const lower = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const localPart = address.split('@')[0] ?? '';
  return lower.includes(address) || (localPart.length >= 4 && lower.includes(localPart));
}
