// The staff dashboard of case studies (/staff/cases) in Chromium without JavaScript: an admin
// reaches it from the admin menu and reads the tables (the sample cases, badged as samples,
// are counted); members are refused; axe on the page, light and dark.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { available } from '../helpers/requirements';
import { budget } from '../helpers/budgets';
import { expectAccessible, newPage, signInInBrowser, signUpInBrowser, useSiteInBrowser } from '../helpers/browser';

const ADMIN = { email: 'admin@case-dashboard.example.kr', password: '사례 현황판 관리자 비밀번호는 길게' };

describe.skipIf(!available('chromium'))('the case dashboard in Chromium', () => {
  const site = useSiteInBrowser({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  let admin: Page;
  // axe runs scripts in the page: it gets a page of its own with JavaScript on.
  let adminAxe: Page;
  const url = (path: string) => `${site.server.url}${path}`;

  beforeAll(async () => {
    admin = await newPage(site.browser, { javaScriptEnabled: false });
    admin.setDefaultTimeout(15_000);
    adminAxe = await newPage(site.browser);
    for (const page of [admin, adminAxe]) expect(await signInInBrowser(page, site.server.url, ADMIN.email, ADMIN.password)).toBe(302);
  });

  it('staff open it from the admin menu and read cases by 시·군 and state; members are refused', { timeout: budget({ axe: 2, page: 6 }) }, async () => {
    await admin.goto(url('/admin'));
    await admin.getByRole('link', { name: '우수사례 현황판' }).click();
    await admin.waitForURL(/\/staff\/cases$/);
    expect(await admin.locator('h1').textContent()).toBe('우수사례 현황판');
    expect(await admin.getByRole('link', { name: '사례 현황' }).count()).toBe(1); // in the header
    const counts = admin.getByRole('table', { name: /시·군별, 상태별 사례 수/ });
    expect(await counts.locator('tbody tr').count()).toBe(14);
    expect(await counts.locator('tbody th').first().textContent()).toBe('전주시');
    // The samples are published at start-up: they count in the table, not as this year's cases.
    expect(await admin.locator('.lead').textContent()).toMatch(/샘플 사례 \d+건/);
    expect(await counts.locator('tfoot td').nth(2).textContent()).not.toBe('0건');
    expect(await admin.getByRole('status').first().textContent()).toBe('검토를 기다리는 사례가 없습니다.');
    expect(await admin.locator('#missing-title + ul li').count()).toBe(14);

    await adminAxe.goto(admin.url());
    for (const scheme of ['light', 'dark'] as const) {
      await adminAxe.emulateMedia({ colorScheme: scheme });
      await expectAccessible(adminAxe);
    }

    const member = await newPage(site.browser, { javaScriptEnabled: false });
    expect(await signUpInBrowser(member, site.server.url, { email: 'member@case-dashboard.example.kr', password: '회원 비밀번호는 충분히 길게 씁니다' })).toBe(302);
    const refused = (await member.goto(url('/staff/cases')))!;
    expect(refused.status()).toBe(403);
    expect(await member.locator('h1').textContent()).toBe('볼 수 없는 페이지입니다');
    expect(await member.getByRole('link', { name: '사례 현황' }).count()).toBe(0);
  });
});
