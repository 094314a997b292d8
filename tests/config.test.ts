import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/lib/config';

describe('readConfig', () => {
  it('refuses EMAIL_VERIFICATION=off on a public (https) site', () => {
    expect(() => readConfig({ SITE_URL: 'https://portal.example.kr', EMAIL_VERIFICATION: 'off' })).toThrow(/EMAIL_VERIFICATION=off/);
  });

  it('allows it on a closed http set-up, and confirmation stays on by default', () => {
    expect(readConfig({ SITE_URL: 'http://localhost:4321', EMAIL_VERIFICATION: 'off' }).emailVerification).toBe(false);
    expect(readConfig({ SITE_URL: 'https://portal.example.kr' }).emailVerification).toBe(true);
  });
});
