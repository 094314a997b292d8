import { describe, expect, it } from 'vitest';
import { idField, isId, loginPath, safeNextPath } from '../src/lib/forms';

describe('loginPath', () => {
  it('leads back to the page, query string included', () => {
    const path = loginPath(new URL('http://portal.test/checklists/smart-factory-readiness?assessment=3&draft=abc'));
    expect(path).toBe('/login?next=%2Fchecklists%2Fsmart-factory-readiness%3Fassessment%3D3%26draft%3Dabc');
    expect(safeNextPath(new URL(path, 'http://portal.test').searchParams.get('next'))).toBe('/checklists/smart-factory-readiness?assessment=3&draft=abc');
  });

  it('drops the action parameter of a form post and keeps plain pages plain', () => {
    expect(loginPath(new URL('http://portal.test/forum/t/5?_action=forum.reply&page=2'))).toBe('/login?next=%2Fforum%2Ft%2F5%3Fpage%3D2');
    expect(loginPath(new URL('http://portal.test/admin'))).toBe('/login?next=%2Fadmin');
  });
});

describe('row ids', () => {
  it('accept what fits PostgreSQL integer ids and refuse the rest with a Korean message', () => {
    expect(isId(2_147_483_647)).toBe(true);
    for (const bad of [0, -1, 1.5, 2_147_483_648, Number.NaN, Infinity]) expect(isId(bad)).toBe(false);
    expect(idField.parse('42')).toBe(42);
    const refused = idField.safeParse('99999999999');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('잘못된 요청입니다.');
  });
});
