// The consultation journey in Chromium WITHOUT JavaScript, on the built server with its
// sample mentors: a company saves a checklist, asks for a consultation with it, staff assign
// from the suggestions, they talk (with a preview), the visit is scheduled, the request is
// finished and rated; a second request is rejected with a reason. Nobody else sees them.
// axe on every new page (in a JavaScript-enabled copy of the session, as axe runs in the page).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { budget } from '../helpers/budgets';
import { expectAccessible, newPage, signInInBrowser, signUpInBrowser, submit, useSiteInBrowser } from '../helpers/browser';
import { GOOD_PASSWORD } from '../helpers/accounts';
import { available } from '../helpers/requirements';

const STAFF = { email: 'staff@consult.example.kr', password: '컨설팅 배정 담당자 비밀번호 2026' };

describe.skipIf(!available('chromium'))('consultation requests without JavaScript', () => {
  const site = useSiteInBrowser({ ADMIN_EMAIL: STAFF.email, ADMIN_PASSWORD: STAFF.password, EMAIL_VERIFICATION: 'off' });

  /** A page without JavaScript whose waits fail with their place instead of running into the test's budget. */
  async function openPage() {
    const page = await newPage(site.browser, { javaScriptEnabled: false });
    page.setDefaultTimeout(30_000);
    return page;
  }

  /**
   * axe needs JavaScript in the page, so each page is checked as it is loaded again in a
   * JavaScript-enabled context holding the same session.
   */
  async function expectAccessibleAsLoaded(page: Page) {
    const context = await site.browser.newContext({ locale: 'ko-KR', timezoneId: 'Asia/Seoul', storageState: await page.context().storageState() });
    try {
      const copy = await context.newPage();
      copy.setDefaultTimeout(30_000);
      await copy.goto(page.url());
      await expectAccessible(copy);
    } finally {
      await context.close();
    }
  }

  async function visit(page: Page, path: string, status = 200) {
    const res = await page.goto(`${site.server.url}${path}`);
    expect(res?.status(), path).toBe(status);
  }

  it('checklist → request with it → assignment from suggestions → conversation → visit → 완료 with rating; and a 반려', { timeout: budget({ axe: 14, page: 55 }) }, async () => {
    const base = site.server.url;
    const company = await openPage();
    expect(await signUpInBrowser(company, base, { email: 'ceo@consult.example.kr', password: GOOD_PASSWORD, displayName: '컨설팅대표', companyName: '군산용접(가칭)' })).toBe(302);

    // The directory with its sample mentors, filtered by a plain GET form.
    await visit(company, '/mentors');
    await expect.poll(() => company.locator('.cards li').count()).toBeGreaterThan(2);
    await company.locator('#f-field').selectOption('자동화');
    await company.getByRole('button', { name: '적용' }).click();
    await company.waitForLoadState('load');
    expect(company.url()).toContain('field=%EC%9E%90%EB%8F%99%ED%99%94');
    expect(await company.locator('.cards h2').allTextContents()).toEqual([expect.stringContaining('황○○')]);
    await expectAccessibleAsLoaded(company);
    await company.getByRole('link', { name: '황○○' }).click();
    await company.waitForLoadState('load');
    await expect.poll(() => company.getByRole('heading', { name: '멘토링한 우수사례' }).count()).toBe(1);
    expect(await company.locator('#cases-title + ul li').count()).toBeGreaterThan(0);
    await expectAccessibleAsLoaded(company);

    // A saved checklist result, then the next step from it.
    await visit(company, '/checklists/smart-factory-readiness');
    const noes = company.locator('input[type=radio][value="no"]');
    // A few answers are enough for section scores (each check is a round trip to Chromium).
    for (let i = 0, n = Math.min(await noes.count(), 12); i < n; i++) await noes.nth(i).check();
    expect(await submit(company, '저장하고 결과 보기')).toBe(302);
    await company.getByRole('link', { name: '사전 컨설팅·멘토 방문 신청' }).click();
    await company.waitForLoadState('load');
    expect(company.url()).toMatch(/\/consultations\/new\?assessment=\d+$/);
    await expectAccessibleAsLoaded(company);
    // Nothing chosen: Korean errors next to the fields, what was typed kept.
    await company.locator('#field-contactName').fill('홍길동');
    expect(await submit(company, '신청하기')).toBe(400);
    await expect.poll(() => company.locator('#field-topics-error').textContent()).toContain('분야를 하나 이상');
    expect(await company.locator('#field-contactName').inputValue()).toBe('홍길동');
    await company.getByLabel('자동화').check();
    await company.locator('#field-description').fill('용접 불량이 많아 협동로봇 도입 전에 준비할 것을 알고 싶습니다.');
    expect(await company.locator('#field-assessmentId option:checked').textContent()).toContain('진단');
    expect(await submit(company, '신청하기')).toBe(302);
    const requestPath = new URL(company.url()).pathname;
    expect(requestPath).toMatch(/^\/consultations\/\d+$/);
    await expect.poll(() => company.getByText('상태: 접수').count()).toBe(1);
    await expectAccessibleAsLoaded(company);

    // Staff: the dashboard, then the request with suggestions ranked by overlap.
    const staff = await openPage();
    expect(await signInInBrowser(staff, base, STAFF.email, STAFF.password)).toBe(302);
    await visit(staff, '/staff/consultations');
    await expect.poll(() => staff.getByRole('link', { name: `#${requestPath.split('/').pop()}` }).count()).toBe(1);
    await expectAccessibleAsLoaded(staff);
    await visit(staff, requestPath);
    await expect.poll(() => staff.getByRole('heading', { name: '함께 보낸 체크리스트 결과 (읽기 전용)' }).count()).toBe(1);
    const first = staff.locator('.suggestions li').first();
    expect(await first.textContent()).toContain('황○○');
    expect(await first.textContent()).toContain('신청 분야 자동화');
    await expectAccessibleAsLoaded(staff);
    await first.getByRole('checkbox').check();
    expect(await submit(staff, '배정하기')).toBe(302);
    await expect.poll(() => staff.getByText('상태: 배정').count()).toBe(1);

    // The conversation, with a preview first.
    await staff.locator('#field-body').fill('방문 전에 **용접 지그 목록**을 준비해 주세요.');
    expect(await submit(staff, '미리보기')).toBe(200);
    await expect.poll(() => staff.locator('.preview strong').textContent()).toBe('용접 지그 목록');
    expect(await submit(staff, '메시지 보내기')).toBe(302);

    await staff.locator('#field-visitAt').fill('2026-12-20T10:00');
    expect(await submit(staff, '방문 예정으로 바꾸기')).toBe(302);
    await expect.poll(() => staff.getByText('상태: 방문 예정').count()).toBe(1);
    await staff.locator('#field-outcome').fill('지그 표준화 순서를 함께 정했습니다.');
    expect(await submit(staff, '완료로 바꾸기')).toBe(302);
    await expect.poll(() => staff.getByText('상태: 완료').count()).toBe(1);

    // The company hears of it, reads the message, and rates.
    await visit(company, '/notifications');
    await expect.poll(() => company.getByText('컨설팅이 완료되었습니다').count()).toBeGreaterThan(0);
    await visit(company, requestPath);
    expect(await company.locator('.messages strong').allTextContents()).toContain('용접 지그 목록');
    await company.getByLabel('5점').check();
    await company.locator('#field-comment').fill('순서를 잡아 주셔서 고맙습니다.');
    expect(await submit(company, '만족도 보내기')).toBe(302);
    await expect.poll(() => company.getByText('회사의 만족도:').textContent()).toContain('5점');
    await expectAccessibleAsLoaded(company);
    await visit(company, '/consultations');
    await expectAccessibleAsLoaded(company);

    // Another company and guests get nothing.
    const other = await openPage();
    expect(await signUpInBrowser(other, base, { email: 'other@consult.example.kr', password: GOOD_PASSWORD, companyName: '다른회사(가칭)' })).toBe(302);
    await visit(other, requestPath, 404);
    await other.context().close();
    const guest = await openPage();
    await visit(guest, requestPath, 404);
    await guest.context().close();

    // A second request, rejected with a reason.
    await visit(company, '/consultations/new');
    await company.getByLabel('품질').check();
    await company.locator('#field-description').fill('두 번째 신청입니다.');
    expect(await submit(company, '신청하기')).toBe(302);
    const secondPath = new URL(company.url()).pathname;
    await visit(staff, secondPath);
    expect(await submit(staff, '반려하기')).toBe(400);
    await expect.poll(() => staff.locator('#field-reason-error').textContent()).toContain('반려 사유');
    await staff.locator('#field-reason').fill('이번 달 배정 인원이 모두 찼습니다.');
    expect(await submit(staff, '반려하기')).toBe(302);
    await visit(company, secondPath);
    await expect.poll(() => company.getByText('이번 달 배정 인원이 모두 찼습니다.').count()).toBe(1);
    await expect.poll(() => company.getByText('상태: 반려').count()).toBe(1);

    // Staff approval page and a member's own (선배기업) profile form.
    await visit(staff, '/staff/mentors');
    await expectAccessibleAsLoaded(staff);
    await visit(company, '/mentors/profile');
    await expectAccessibleAsLoaded(company);
    await company.context().close();
    await staff.context().close();
  });
});
