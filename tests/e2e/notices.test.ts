// Announcements as staff and visitors use them in Chromium: write with a preview, publish,
// edit (revision kept), pin, schedule for later (not visible yet), withdraw; then the list,
// filters, detail with 마감 D-N, RSS, the home page and site search; axe on every page.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { available } from '../helpers/requirements';
import { budget } from '../helpers/budgets';
import { expectAccessible, newPage, signInInBrowser, submit, useSiteInBrowser } from '../helpers/browser';
import { formatIsoDate, seoulLocalInput } from '../../src/lib/dates';

const ADMIN = { email: 'staff@notices.example.kr', password: '공지 담당자 비밀번호는 충분히 길게' };
const DAY = 24 * 3600 * 1000;
const TITLE = '[시험] 품질분임조교육 수강 기업 모집';
const EDITED = '[시험] 품질분임조교육 수강 기업 모집 (기간 연장)';

describe.skipIf(!available('chromium'))('announcements in Chromium', () => {
  const site = useSiteInBrowser({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  let staff: Page;
  let guest: Page;
  let noticeUrl = '';
  const url = (path: string) => `${site.server.url}${path}`;

  async function checkAxe(page: Page) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expectAccessible(page);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  async function fillNotice(page: Page, title: string, body: string) {
    await page.goto(url('/notices/manage/new'));
    await page.locator('#field-title').fill(title);
    await page.locator('#field-body').fill(body);
  }

  beforeAll(async () => {
    staff = await newPage(site.browser);
    guest = await newPage(site.browser);
    expect(await signInInBrowser(staff, site.server.url, ADMIN.email, ADMIN.password)).toBe(302);
  });

  it('staff write with a preview that keeps everything, see errors next to fields, then publish', async () => {
    await fillNotice(staff, TITLE, '**품질분임조** 활동을 처음 하는 기업을 위한 교육입니다.\n\n- 대상: 전주 지역 제조기업');
    await staff.locator('#field-category').selectOption({ label: '행사·교육' });
    await staff.locator('#field-sigunCode').selectOption({ label: '전주시' });
    await staff.locator('#field-licence').selectOption('KOGL-2');
    await staff.locator('#field-deadline').fill(formatIsoDate(new Date(Date.now() + 3 * DAY)));
    await staff.locator('#attachment-title-0').fill('교육 안내문');
    await staff.locator('#attachment-url-0').fill('https://example.kr/edu.pdf');
    expect(await submit(staff, '미리보기')).toBe(200);
    expect(await staff.locator('.preview strong').textContent()).toBe('품질분임조');
    expect(await staff.locator('#attachment-url-0').inputValue()).toBe('https://example.kr/edu.pdf');
    await checkAxe(staff);

    await staff.locator('#attachment-url-0').fill('javascript:alert(1)');
    expect(await submit(staff, '지금 게시')).toBe(400);
    expect(await staff.locator('#attachments-error').textContent()).toContain('1번째 첨부: 주소는 http:// 또는 https://로 시작해야 합니다.');
    expect(await staff.locator('#field-title').inputValue()).toBe(TITLE);
    expect(await staff.locator('#field-body').inputValue()).toContain('전주 지역 제조기업');
    expect(await staff.locator('#field-category').inputValue()).toBe('event');
    expect(await staff.locator('#attachment-title-0').inputValue()).toBe('교육 안내문');
    await checkAxe(staff);

    await staff.locator('#attachment-url-0').fill('https://example.kr/edu.pdf');
    expect(await submit(staff, '지금 게시')).toBe(302);
    noticeUrl = staff.url();
    expect(noticeUrl).toMatch(/\/notices\/\d+$/);
    expect(await staff.locator('h1').textContent()).toContain(TITLE);
    expect(await staff.locator('h1 .deadline').textContent()).toBe('마감 D-3');
    expect(await staff.locator('.licence').textContent()).toContain('공공누리 제2유형');
    expect(await staff.getByRole('link', { name: '교육 안내문' }).getAttribute('href')).toBe('https://example.kr/edu.pdf');
  });

  it('staff edit it (the old text stays in the history) and pin it', async () => {
    const id = noticeUrl.split('/').pop();
    await staff.goto(url(`/notices/manage/${id}`));
    await staff.locator('#field-title').fill(EDITED);
    expect(await submit(staff, '수정 저장')).toBe(302);
    expect(await staff.locator('h1').textContent()).toContain(EDITED);
    expect(await staff.locator('main').textContent()).toContain('수정됨');
    await staff.goto(url(`/notices/manage/${id}`));
    expect(await staff.locator('.revisions').textContent()).toContain(`제목: ${TITLE}`);
    await checkAxe(staff);

    await staff.goto(url('/notices/manage'));
    expect(await submit(staff, `${EDITED} 고정`)).toBe(302);
    expect(await staff.getByRole('button', { name: `${EDITED} 고정 해제` }).count()).toBe(1);
    await checkAxe(staff);
  });

  it('a notice scheduled for later is not visible yet; a withdrawn one disappears', async () => {
    await fillNotice(staff, '[시험] 다음 주에 게시될 예약 공지', '예약 게시 시험입니다.');
    await staff.locator('#field-publishAt').fill(seoulLocalInput(new Date(Date.now() + 7 * DAY)));
    expect(await submit(staff, '예약 게시')).toBe(302);
    const scheduledUrl = staff.url();
    expect(await staff.locator('.sample-notice').first().textContent()).toContain('저절로 게시됩니다');

    await fillNotice(staff, '[시험] 곧 철회할 공지', '철회 시험입니다.');
    expect(await submit(staff, '지금 게시')).toBe(302);
    const withdrawnUrl = staff.url();
    await staff.goto(url('/notices/manage'));
    expect(await submit(staff, '[시험] 곧 철회할 공지 게시 철회')).toBe(302);
    expect(await staff.locator('tr', { hasText: '[시험] 곧 철회할 공지' }).textContent()).toContain('게시 철회');
    expect(await staff.locator('tr', { hasText: '예약 공지' }).textContent()).toContain('예약 게시');

    for (const hidden of [scheduledUrl, withdrawnUrl]) {
      const response = await guest.goto(hidden);
      expect(response?.status(), hidden).toBe(404);
    }
    await guest.goto(url('/notices'));
    const listed = await guest.locator('.notice-list').textContent();
    expect(listed).not.toContain('예약 공지');
    expect(listed).not.toContain('철회할 공지');

    // Every step is accountable: the audit log has who published, scheduled and withdrew.
    await staff.goto(url('/admin/audit'));
    const log = await staff.locator('table tbody').textContent();
    for (const action of ['공지 게시', '공지 예약', '공지 철회', '공지 수정', '공지 고정']) expect(log).toContain(action);
  });

  it('visitors see the list (pinned first), filter it, read the detail, and find it in RSS, on the home page and in search', { timeout: budget({ axe: 8, page: 8, request: 1 }) }, async () => {
    await guest.goto(url('/notices'));
    expect(await guest.locator('.notice-item').first().textContent()).toContain(EDITED);
    expect(await guest.locator('.notice-item').first().locator('.badge', { hasText: '고정' }).count()).toBe(1);
    expect(await guest.locator('.notice-item .badge', { hasText: '샘플' }).count()).toBeGreaterThan(0);
    await checkAxe(guest);

    await guest.locator('#filter-category').selectOption({ label: '행사·교육' });
    await guest.locator('#filter-sigun').selectOption({ label: '전주시' });
    await Promise.all([guest.waitForURL(/category=event/), guest.getByRole('button', { name: '보기' }).click()]);
    const filtered = await guest.locator('.notice-item .notice-title a').allTextContents();
    expect(filtered).toContain(EDITED);
    expect(filtered.every((t) => !t.includes('성과 공유회'))).toBe(true);

    await guest.getByRole('link', { name: EDITED }).click();
    expect(await guest.locator('h1 .deadline').textContent()).toBe('마감 D-3');
    expect(await guest.getByRole('link', { name: '수정' }).count()).toBe(0);
    await checkAxe(guest);

    const rss = await (await fetch(url('/notices/rss.xml'))).text();
    expect(rss).toContain(EDITED);
    expect(rss).not.toContain('예약 공지');

    await guest.goto(url('/'));
    expect(await guest.locator('section[aria-labelledby="notices-title"] .notice-item').first().textContent()).toContain(EDITED);
    await checkAxe(guest);

    await guest.goto(url(`/search?q=${encodeURIComponent('분임조')}`));
    const found = guest.locator('.notice-results');
    expect(await found.getByRole('link', { name: EDITED }).count()).toBe(1);
    expect(await found.locator('mark').first().textContent()).toBe('분임조');
    await guest.goto(url(`/search?q=${encodeURIComponent('철회')}`));
    expect(await guest.locator('.notice-results').textContent()).toContain('맞는 공지가 없습니다');
    await checkAxe(guest);
  });

  it('sends guests to sign-in from the staff pages', async () => {
    for (const path of ['/notices/manage', '/notices/manage/new']) {
      await guest.goto(url(path));
      expect(new URL(guest.url()).pathname, path).toBe('/login');
    }
  });
});
