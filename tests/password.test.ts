import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, needsRehash, passwordContainsEmail, verifyPassword } from '../src/lib/auth/password';
import { hash } from '@node-rs/argon2';

describe('password policy', () => {
  it.each([
    ['short1234', '10자 이상'],
    ['aaaaaaaaaaaa', '반복'],
    ['password1234', '흔히'],
    ['qwertyuiop', '흔히'],
    ['1q2w3e4r5t', '흔히'],
    ['QWER1234!@', '흔히'],
  ])('refuses %s with a Korean reason', async (password, reason) => {
    expect(await checkPasswordPolicy(password)).toContain(reason);
  });

  it.each(['전주 한옥마을 2026 스마트공장', 'correct horse battery staple', 'Gunsan-Press#Line7'])('accepts %s', async (password) => {
    expect(await checkPasswordPolicy(password)).toBeUndefined();
  });

  it('spots the email address inside a password', () => {
    expect(passwordContainsEmail('kimceo1234!!', 'KimCEO@example.kr')).toBe(true);
    expect(passwordContainsEmail('완전히 다른 문장입니다', 'kimceo@example.kr')).toBe(false);
  });
});

describe('password hashing', () => {
  it('verifies the right password only', async () => {
    const stored = await hashPassword('전주 한옥마을 2026 스마트공장');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored, '전주 한옥마을 2026 스마트공장')).toBe(true);
    expect(await verifyPassword(stored, '전주 한옥마을 2026 스마트공장!')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('asks for a rehash when the parameters changed', async () => {
    expect(needsRehash(await hashPassword('a sentence long enough'))).toBe(false);
    const weaker = await hash('a sentence long enough', { memoryCost: 8192, timeCost: 1, parallelism: 1 });
    expect(needsRehash(weaker)).toBe(true);
  });
});
