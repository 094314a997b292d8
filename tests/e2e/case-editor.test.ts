// The case editor and its review in Chromium without JavaScript: a 시·군 담당자 drafts a case
// (errors next to the fields, nothing typed lost, 행 추가, 미리보기) and asks for review;
// province staff return it with a reason; the author reads the reason, fixes and asks again;
// staff publish it — seen on /cases, /regions/<code>, the RSS feed and in search — and
// withdraw it — gone from all of them — and schedule it for a Seoul time (a moved clock shows it). The history compares two saves. axe on every new page.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { available } from '../helpers/requirements';
import { budget } from '../helpers/budgets';
import { GOOD_PASSWORD } from '../helpers/accounts';
import { expectAccessible, newPage, signInInBrowser, signUpInBrowser, submit, useSiteInBrowser } from '../helpers/browser';
import { searchServedIndex, searchUntil } from '../helpers/pagefind-client';
import * as fx from '../helpers/file-fixtures';

const ADMIN = { email: 'admin@case-editor.example.kr', password: '사례 관리자 비밀번호는 충분히 길게' };
const OFFICIAL = { email: 'muju.official@example.kr', password: GOOD_PASSWORD, displayName: '무주군 담당' };
const TITLE = '무주 오미자청 가공 공장, 생산 기록을 MES로 옮기다';
const WORD = '오미자청';
const SIGUN = '52730'; // 무주군
const SLUG = 'muju-omija-syrup-mes';

describe.skipIf(!available('chromium'))('the case editor and its review in Chromium', () => {
  const site = useSiteInBrowser({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEARCH_INDEX_POLL_MS: '2000', SEARCH_INDEX_CHECK_MS: '1000' });
  let official: Page;
  let staff: Page;
  // axe runs scripts in the page: it gets a page of its own with JavaScript on.
  let staffAxe: Page;
  let casePath = '';
  const url = (path: string) => `${site.server.url}${path}`;
  const text = async (path: string) => {
    const res = await fetch(url(path));
    return { status: res.status, body: await res.text() };
  };

  async function checkAxe(path: string) {
    await staffAxe.goto(url(path));
    await expectAccessible(staffAxe);
  }

  beforeAll(async () => {
    official = await newPage(site.browser, { javaScriptEnabled: false });
    staff = await newPage(site.browser, { javaScriptEnabled: false });
    for (const page of [official, staff]) page.setDefaultTimeout(15_000);
    expect(await signUpInBrowser(official, site.server.url, OFFICIAL)).toBe(302);
    expect(await signInInBrowser(staff, site.server.url, ADMIN.email, ADMIN.password)).toBe(302);
    // The admin makes the member 시·군 담당자 for 무주군 on the member page.
    await staff.goto(url('/admin/users?q=muju.official'));
    await staff.getByRole('link', { name: OFFICIAL.displayName }).click();
    await staff.locator('#scope-sigun').selectOption({ label: '무주군' });
    expect(await submit(staff, '담당 지정')).toBe(302);
    staffAxe = await newPage(site.browser);
    expect(await signInInBrowser(staffAxe, site.server.url, ADMIN.email, ADMIN.password)).toBe(302);
  });

  it('a 시·군 담당자 drafts a case: errors next to the fields, nothing lost, 행 추가, preview, 검토 요청', { timeout: budget({ axe: 3, page: 20 }) }, async () => {
    const page = official;
    await page.goto(url('/'));
    await page.getByRole('link', { name: '사례 관리' }).click();
    await page.waitForURL(/\/cases\/manage$/);
    expect(await page.locator('h1').textContent()).toBe('내 사례');
    await page.getByRole('link', { name: '새 사례 쓰기' }).click();
    await page.waitForURL(/\/cases\/manage\/new$/);

    await page.locator('#field-title').fill(TITLE);
    await page.locator('#field-summary').fill('짧은 요약');
    expect(await submit(page, '저장')).toBe(400);
    expect(await page.locator('#field-summary-error').textContent()).toContain('20자 이상');
    expect(await page.locator('#field-sigun-error').textContent()).toContain('시·군을 골라 주세요');
    expect(await page.locator('#field-kpis-error').textContent()).toContain('하나 이상');
    expect(await page.locator('#field-title').inputValue()).toBe(TITLE);
    expect(await page.locator('#field-summary').inputValue()).toBe('짧은 요약');

    await page.locator('#field-summary').fill('무주의 오미자청 가공 공장이 종이 생산일지를 MES로 옮겨 배치 추적 시간을 크게 줄였습니다.');
    await page.locator('#field-slug').fill(SLUG);
    await page.locator('#field-company').fill('무주오미자식품(가칭)');
    await page.locator('#field-sigun').selectOption({ label: '무주군' });
    await page.locator('#field-industry').selectOption({ index: 0 });
    await page.locator('#field-level').selectOption('기초');
    await page.locator('#field-year').fill('2025');
    await page.getByLabel('MES', { exact: true }).check();
    await page.locator('#field-mentorName').fill('이멘토');
    await page.locator('#field-mentorCareer').fill('삼성전자 제조기술 28년');
    await page.locator('#field-mentorRole').fill('배치 기록 항목 정리와 현장 교육');
    await page.getByLabel('1번째 지표 이름').fill('배치 추적 시간');
    await page.getByLabel('1번째 지표 단위').fill('분');
    await page.getByLabel('1번째 지표 도입 전 값').fill('120');
    await page.getByLabel('1번째 지표 도입 후 값').fill('15');
    await page.getByLabel('1번째 지표에서 좋은 쪽').selectOption('lower');
    await page.locator('#field-source').fill('전북특별자치도 스마트공장 지원사업');
    await page.locator('#field-body').fill('## 배경\n\n종이 생산일지로는 배치를 찾는 데 두 시간이 걸렸습니다.');

    // 행 추가 without JavaScript: one more empty row, everything typed kept.
    const rowsBefore = await page.locator('input[name=kpiName]').count();
    expect(await submit(page, '행 추가')).toBe(200);
    expect(await page.locator('input[name=kpiName]').count()).toBe(rowsBefore + 1);
    expect(await page.getByLabel('1번째 지표 도입 후 값').inputValue()).toBe('15');
    expect(await page.locator('#field-body').inputValue()).toContain('두 시간');
    expect(await page.getByLabel('MES', { exact: true }).isChecked()).toBe(true);

    // The preview looks like the published page, marked 미리보기.
    expect(await submit(page, '미리보기')).toBe(200);
    expect(await page.locator('#preview-title').textContent()).toContain('미리보기');
    expect(await page.locator('.case-preview article.case h1').textContent()).toContain(TITLE);
    expect(await page.locator('.case-preview #kpi-title').textContent()).toBe('도입 성과');
    expect(await page.locator('[data-pagefind-body]').count()).toBe(0);

    await page.locator('#field-consentBy').fill('박대표 (대표이사)');
    await page.locator('#field-consentAt').fill('2026-11-20');
    await page.locator('#field-note').fill('처음 작성');
    // Enter in a field saves (not 행 추가, the first visible submit button).
    const [saved] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('#field-note').press('Enter')]);
    await page.waitForLoadState('load');
    expect(saved.status()).toBe(302);
    expect(page.url()).toMatch(/\/cases\/manage\/\d+\?saved=1$/);
    casePath = new URL(page.url()).pathname;
    expect(await page.locator('[role=status]').textContent()).toContain('저장했습니다');
    expect(await page.locator('[data-case-state]').textContent()).toBe('작성 중');
    // Authors do not publish.
    expect(await page.getByRole('button', { name: '지금 게시' }).count()).toBe(0);
    expect(await submit(page, '검토 요청')).toBe(302);
    expect(await page.locator('[data-case-state]').textContent()).toBe('검토 요청');
    expect(await page.locator('#field-title').count()).toBe(0);
    expect((await text('/cases')).body).not.toContain(TITLE);

    await checkAxe('/cases/manage/new');
    await checkAxe(casePath);
    await checkAxe(`${casePath}/preview`);
  });

  it('staff return it with a reason; the author reads it, fixes and asks again', { timeout: budget({ axe: 1, page: 14 }) }, async () => {
    await staff.goto(url('/cases/manage?state=submitted'));
    await staff.getByRole('link', { name: TITLE }).click();
    await staff.waitForURL(new RegExp(`${casePath}$`));
    expect(await submit(staff, '반려')).toBe(400);
    expect(await staff.locator('#return-reason-error').textContent()).toContain('반려하는 이유');
    await staff.locator('#return-reason').fill('KPI 근거 자료(생산일지 사진)를 본문에 더해 주세요.');
    expect(await submit(staff, '반려')).toBe(302);
    expect(await staff.locator('[data-case-state]').textContent()).toBe('반려');
    await checkAxe('/cases/manage');

    await official.goto(url('/cases/manage'));
    expect(await official.locator('table').textContent()).toContain('KPI 근거 자료');
    await official.getByRole('link', { name: TITLE }).click();
    expect(await official.locator('.state-reason').textContent()).toContain('생산일지 사진');
    await official.locator('#field-body').fill(`## 배경\n\n종이 생산일지로는 배치를 찾는 데 두 시간이 걸렸습니다.\n\n## 근거\n\n${WORD} 배치마다 태블릿으로 기록한 생산일지 사진을 붙였습니다.`);
    await official.locator('#field-note').fill('근거 추가');
    expect(await submit(official, '저장')).toBe(302);
    expect(await submit(official, '검토 요청')).toBe(302);
    expect(await official.locator('[data-case-state]').textContent()).toBe('검토 요청');
  });

  it('the history lists each save and shows what changed between two', { timeout: budget({ axe: 1, page: 4 }) }, async () => {
    await official.goto(url(`${casePath}/history`));
    const rows = await official.locator('table').first().locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('처음 작성');
    expect(rows[1]).toContain('근거 추가');
    expect(rows[1]).toContain(OFFICIAL.displayName);
    expect(await official.locator('.line-diff ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(WORD)]));
    await checkAxe(`${casePath}/history`);
  });

  it('staff publish it: on /cases, its 시·군 page, RSS and search; withdrawn, gone from all', { timeout: budget({ page: 14, search: 20, request: 20, upload: 1 }) }, async () => {
    const pageUrl = `/cases/${SLUG}/`;
    await staff.goto(url(casePath));
    // A photo through the files capability (without JavaScript: upload, describe, save).
    await staff.locator('#file-upload').setInputFiles([{ name: '병입 라인.png', mimeType: 'image/png', buffer: await fx.png(300, 200) }]);
    expect(await submit(staff, '파일 올리기')).toBe(200);
    expect(await staff.locator('#field-title').inputValue()).toBe(TITLE);
    await staff.locator('input[name=fileAlt]:not([type=hidden])').fill('오미자청 병입 라인');
    await staff.locator('input[name=fileCaption]:not([type=hidden])').fill('MES 태블릿을 단 병입 라인');
    await staff.locator('#field-note').fill('사진 추가');
    expect(await submit(staff, '저장')).toBe(302);
    expect(await submit(staff, '지금 게시')).toBe(302);
    expect(await staff.locator('[data-case-state]').textContent()).toBe('게시');
    expect((await text('/cases')).body).toContain(TITLE);
    expect((await text(`/regions/${SIGUN}/`)).body).toContain(TITLE);
    expect((await text('/cases/rss.xml')).body).toContain(TITLE);
    const published = await text(pageUrl);
    expect(published.status).toBe(200);
    expect(published.body).toContain(WORD);
    expect(published.body).toContain('<figcaption>MES 태블릿을 단 병입 라인</figcaption>');
    expect(published.body).toContain('alt="오미자청 병입 라인"');
    expect((await searchUntil(site.server.url, WORD, (urls) => urls.includes(pageUrl))).urls).toContain(pageUrl);

    expect(await submit(staff, '게시 중단')).toBe(400);
    await staff.locator('#withdraw-reason').fill('기업이 동의를 철회했습니다.');
    expect(await submit(staff, '게시 중단')).toBe(302);
    expect(await staff.locator('[data-case-state]').textContent()).toBe('게시 중단');
    expect((await text('/cases')).body).not.toContain(TITLE);
    expect((await text(`/regions/${SIGUN}/`)).body).not.toContain(TITLE);
    expect((await text('/cases/rss.xml')).body).not.toContain(TITLE);
    expect((await text(pageUrl)).status).toBe(404);
    expect((await searchUntil(site.server.url, WORD, (urls) => !urls.includes(pageUrl))).urls).not.toContain(pageUrl);
    expect(await searchServedIndex(site.server.url, WORD)).not.toContain(pageUrl);

    // Scheduled at a Seoul time: it appears when the server's clock reaches it.
    const inAnHour = new Date(Date.now() + 3600_000 + 9 * 3600_000).toISOString().slice(0, 16);
    await staff.locator('#field-publishAt').fill(inAnHour);
    expect(await submit(staff, '예약 게시')).toBe(302);
    expect(await staff.locator('[data-case-state]').textContent()).toBe('게시 예약');
    expect((await text('/cases')).body).not.toContain(TITLE);
    expect((await text(pageUrl)).status).toBe(404);
    await fetch(url(`/api/test/clock?offsetMs=${2 * 3600_000}`));
    try {
      expect((await text('/cases')).body).toContain(TITLE);
      expect((await text(pageUrl)).status).toBe(200);
    } finally {
      await fetch(url('/api/test/clock?offsetMs=0'));
    }

    await staff.goto(url('/admin/audit'));
    const audit = await staff.locator('table tbody').textContent();
    for (const label of ['우수사례 예약 게시', '우수사례 게시 중단', '우수사례 게시', '우수사례 반려', '우수사례 검토 요청']) expect(audit).toContain(label);
  });
});
