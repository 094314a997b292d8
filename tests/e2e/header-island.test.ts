// The header on prerendered pages (/privacy, /terms, /checklists…): the page is one static
// file for everyone, and the account links come from a server island fetched per viewer.
import { describe, expect, it } from 'vitest';
import { available } from '../helpers/requirements';
import { expectAccessible, newPage, signUpInBrowser, useSiteInBrowser } from '../helpers/browser';

const PASSWORD = '머리말 시험용 비밀번호 2026';

describe.skipIf(!available('chromium'))('the header on prerendered pages', () => {
  const site = useSiteInBrowser({ EMAIL_VERIFICATION: 'off' });

  it('shows a guest 로그인 and 회원가입, with no script blocked by the CSP', async () => {
    const guest = await newPage(site.browser);
    const blocked: string[] = [];
    guest.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    const response = await guest.goto(`${site.server.url}/privacy`);
    expect(response?.status()).toBe(200);
    await guest.waitForLoadState('networkidle');
    const account = guest.getByRole('navigation', { name: '계정' });
    expect(await account.getByRole('link', { name: '로그인' }).count()).toBe(1);
    expect(await account.getByRole('link', { name: '회원가입' }).count()).toBe(1);
    expect(await account.getByRole('button', { name: '로그아웃' }).count()).toBe(0);
    expect(blocked).toEqual([]);
    await expectAccessible(guest);
    await guest.context().close();
  });

  it('shows a signed-in member their name and 로그아웃 on the same static page', async () => {
    const member = await newPage(site.browser);
    const blocked: string[] = [];
    member.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    expect(await signUpInBrowser(member, site.server.url, { email: 'island@example.kr', password: PASSWORD, displayName: '섬대표' })).toBe(302);
    for (const path of ['/privacy', '/terms', '/checklists']) {
      await member.goto(`${site.server.url}${path}`);
      const account = member.getByRole('navigation', { name: '계정' });
      await account.getByRole('link', { name: '섬대표님' }).waitFor();
      expect(await account.getByRole('button', { name: '로그아웃' }).count()).toBe(1);
      expect(await account.getByRole('link', { name: '로그인' }).count()).toBe(0);
    }
    expect(blocked).toEqual([]);
    await expectAccessible(member);

    // The page itself stays one file for everyone: no name in the HTML, only in the island.
    const html = await (await fetch(`${site.server.url}/privacy`)).text();
    expect(html).not.toContain('섬대표');
    await member.context().close();
  });
});
