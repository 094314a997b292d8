// The patent catalogue in Chromium without JavaScript: visitors search it (parts of words,
// particles, numbers) and filter it, follow a patent to the cases that used it and back;
// staff add a patent (errors next to the fields, nothing typed lost), edit and remove it;
// members cannot. axe on every page, light and dark.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { available } from '../helpers/requirements';
import ExcelJS from 'exceljs';
import { budget } from '../helpers/budgets';
import { expectAccessible, newPage, signInInBrowser, signUpInBrowser, submit, useSiteInBrowser } from '../helpers/browser';

const STAFF = { email: 'staff@patents.example.kr', password: '특허 담당자 비밀번호는 충분히 길게' };

describe.skipIf(!available('chromium'))('the patent catalogue in Chromium', () => {
  const site = useSiteInBrowser({ ADMIN_EMAIL: STAFF.email, ADMIN_PASSWORD: STAFF.password });
  let guest: Page;
  let staff: Page;
  // axe runs scripts in the page: it gets pages of its own with JavaScript on.
  let guestAxe: Page;
  let staffAxe: Page;
  const url = (path: string) => `${site.server.url}${path}`;
  const titles = (page: Page) => page.locator('.patent-item h2 a').allTextContents();

  /** axe on what `page` shows now (loaded again in a JavaScript page of the same viewer). */
  async function checkAxe(shown: Page, page: Page) {
    if (shown.url() !== page.url()) await page.goto(shown.url());
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expectAccessible(page);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  beforeAll(async () => {
    guest = await newPage(site.browser, { javaScriptEnabled: false });
    staff = await newPage(site.browser, { javaScriptEnabled: false });
    // A locator that finds nothing fails the test at once instead of waiting out its budget.
    for (const page of [guest, staff]) page.setDefaultTimeout(15_000);
    expect(await signInInBrowser(staff, site.server.url, STAFF.email, STAFF.password)).toBe(302);
    guestAxe = await newPage(site.browser);
    staffAxe = await newPage(site.browser);
    expect(await signInInBrowser(staffAxe, site.server.url, STAFF.email, STAFF.password)).toBe(302);
  });

  it('visitors search and filter the sample patents, badged 샘플', { timeout: budget({ axe: 4, page: 8 }) }, async () => {
    await guest.goto(url('/patents'));
    expect(await guest.locator('h1').textContent()).toBe('이전 가능 특허');
    expect(await guest.locator('[role=status]').textContent()).toContain('특허 10건');
    expect(await guest.locator('.patent-item .badge').first().textContent()).toBe('샘플');
    await checkAxe(guest, guestAxe);

    await guest.locator('#patent-q').fill('마모를');
    await guest.getByRole('button', { name: '찾기' }).click();
    await guest.waitForURL(/q=/);
    expect(await titles(guest)).toEqual(['공작기계 공구 마모 예측 장치']);
    expect(await guest.locator('.patent-item mark').first().textContent()).toBe('마모');

    await guest.goto(url(`/patents?field=${encodeURIComponent('품질·검사')}&status=transferred`));
    expect(await titles(guest)).toEqual(expect.arrayContaining(['포장 불량 영상 판별 방법', '기판 납땜부 불량 이미지 자동 분류 장치']));
    expect(await guest.locator('#patent-field').inputValue()).toBe('품질·검사');
    await guest.goto(url('/patents?q=%EB%B0%98%EB%8F%84%EC%B2%B4'));
    expect(await guest.locator('[role=status]').textContent()).toBe('조건에 맞는 특허가 없습니다.');
  });

  it('a patent leads to the cases that used it, and a case back to the patent', { timeout: budget({ axe: 2, page: 6 }) }, async () => {
    await guest.goto(url('/patents?q=10-9999004'));
    await guest.getByRole('link', { name: '저장 위치 자동 배정 방법' }).click();
    await guest.waitForURL(/\/patents\/\d+$/);
    expect(await guest.locator('main .sample-notice').textContent()).toContain('가상의 샘플');
    const cases = guest.locator('#cases-title ~ ul .case-card h3 a');
    expect(await cases.count()).toBe(2);
    await checkAxe(guest, guestAxe);

    await cases.first().click();
    await guest.waitForURL(/\/cases\//);
    const link = guest.getByRole('link', { name: '저장 위치 자동 배정 방법 (10-9999004)' });
    expect(await link.getAttribute('href')).toBe('/patents?q=10-9999004');
    await link.click();
    await guest.waitForURL(/\/patents\?q=/);
    expect(await titles(guest)).toEqual(['저장 위치 자동 배정 방법']);
  });

  it('staff add a patent (errors in Korean, nothing typed lost), edit it and remove it', { timeout: budget({ axe: 4, page: 12 }) }, async () => {
    await staff.goto(url('/patents'));
    await staff.getByRole('link', { name: '특허 등록' }).click();
    await staff.waitForURL(/\/patents\/manage\/new$/);
    await staff.locator('#field-registrationNumber').fill('1234567');
    await staff.locator('#field-title').fill('도막 두께 비접촉 측정 장치');
    await staff.locator('#field-field').selectOption('품질·검사');
    await staff.getByLabel('화학').check();
    await staff.locator('#field-summary').fill('도장 라인에서 도막 두께를 비접촉으로 재서 편차를 알립니다.');
    await staff.locator('#field-contact').fill('전북테크노파크 기술이전 창구');
    expect(await submit(staff, '저장')).toBe(400);
    expect(await staff.locator('#field-registrationNumber-error').textContent()).toContain('10-1234567 형식');
    expect(await staff.locator('#field-title').inputValue()).toBe('도막 두께 비접촉 측정 장치');
    expect(await staff.locator('#field-summary').inputValue()).toContain('편차를 알립니다');
    expect(await staff.getByLabel('화학').isChecked()).toBe(true);
    // The form with its errors, as axe sees it.
    await staffAxe.goto(url('/patents/manage/new'));
    await staffAxe.locator('#field-registrationNumber').fill('1234567');
    expect(await submit(staffAxe, '저장')).toBe(400);
    await checkAxe(staffAxe, staffAxe);

    await staff.locator('#field-registrationNumber').fill('10-2345678');
    expect(await submit(staff, '저장')).toBe(302);
    expect(staff.url()).toMatch(/\/patents\/\d+$/);
    const patentPath = new URL(staff.url()).pathname;
    expect(await staff.locator('h1').textContent()).toContain('도막 두께 비접촉 측정 장치');

    // The same number again is refused with the reason.
    await staff.goto(url('/patents/manage/new'));
    await staff.locator('#field-registrationNumber').fill('10-2345678');
    await staff.locator('#field-title').fill('중복');
    await staff.locator('#field-field').selectOption('금형');
    await staff.locator('#field-summary').fill('중복 시험');
    await staff.locator('#field-contact').fill('창구');
    expect(await submit(staff, '저장')).toBe(409);
    expect(await staff.getByRole('alert').first().textContent()).toContain('이미 목록에 있습니다');

    // Visitors find it at once, by a part of a word with a particle.
    await guest.goto(url('/patents?q=%EB%8F%84%EB%A7%89%EC%9D%84'));
    expect(await titles(guest)).toEqual(['도막 두께 비접촉 측정 장치']);

    await staff.goto(url(`/patents/manage/${patentPath.split('/').pop()}`));
    await staff.locator('#field-status').selectOption('negotiating');
    expect(await submit(staff, '저장')).toBe(302);
    expect(await staff.locator('.dl-grid').textContent()).toContain('이전 협의 중');
    await staff.goto(url(`/patents/manage/${patentPath.split('/').pop()}`));
    expect(await submit(staff, '목록에서 빼기')).toBe(302);
    expect(new URL(staff.url()).pathname).toBe('/patents');
    expect((await guest.goto(url(patentPath)))!.status()).toBe(404);
  });

  it('staff import an .xlsx: the preview lists the bad row and saves nothing until confirmed', { timeout: budget({ axe: 2, page: 10, upload: 2 }) }, async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('특허');
    sheet.addRow(['등록번호', '특허명', '기술 분야', '업종', '요약', '적용 대상', '문의처', '상태']);
    sheet.addRow(['10-3456789', '열처리로 온도 균일화 방법', '소재·공정', '금속가공', '열처리로 안의 온도 편차를 구역별로 줄입니다.', '', '기술이전 창구', '이전 가능']);
    sheet.addRow(['3456789', '번호가 틀린 특허', '금형', '', '요약', '', '창구', '']);
    const buffer = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    await staff.goto(url('/patents'));
    await staff.getByRole('link', { name: '파일로 가져오기·내려받기' }).click();
    await staff.waitForURL(/\/patents\/manage\/import$/);
    await staff.locator('#import-file').setInputFiles({ name: '특허 목록.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    expect(await submit(staff, '미리보기')).toBe(200);
    expect(await staff.locator('.preview [role=status]').textContent()).toContain('새 특허 1건, 고칠 특허 0건, 그대로인 행 0건, 잘못된 행 1건');
    expect(await staff.locator('.problems-table tbody tr').textContent()).toContain('3행등록번호: 등록번호는 10-1234567 형식으로 적어 주세요.');
    // Nothing saved yet.
    await guest.goto(url('/patents?q=%EC%97%B4%EC%B2%98%EB%A6%AC'));
    expect(await titles(guest)).toEqual([]);
    // The preview, as axe sees it (JavaScript on).
    await staffAxe.goto(url('/patents/manage/import'));
    await staffAxe.locator('#import-file').setInputFiles({ name: '특허 목록.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    expect(await submit(staffAxe, '미리보기')).toBe(200);
    await checkAxe(staffAxe, staffAxe);

    expect(await submit(staff, '1건 저장')).toBe(200);
    expect(await staff.locator('.form-success').textContent()).toContain('새 특허 1건을 넣고 0건을 고쳤습니다.');
    await guest.goto(url('/patents?q=%EC%97%B4%EC%B2%98%EB%A6%AC%EB%A1%9C%EB%A5%BC'));
    expect(await titles(guest)).toEqual(['열처리로 온도 균일화 방법']);
    const download = await staff.request.get(url('/patents/export.csv'));
    expect(download.status()).toBe(200);
    expect(await download.text()).toContain('10-3456789,열처리로 온도 균일화 방법,소재·공정,금속가공');
    expect((await guest.request.get(url('/patents/export.csv'))).status()).toBe(403);
  });

  it('members cannot keep the catalogue', { timeout: budget({ page: 4 }) }, async () => {
    const member = await newPage(site.browser, { javaScriptEnabled: false });
    expect(await signUpInBrowser(member, site.server.url, { email: 'member@patents.example.kr', password: '회원 비밀번호는 충분히 길게 씁니다' })).toBe(302);
    expect((await member.goto(url('/patents/manage/new')))!.status()).toBe(403);
    await member.goto(url('/patents'));
    expect(await member.getByRole('link', { name: '특허 등록' }).count()).toBe(0);
    expect((await guest.goto(url('/patents/manage/new')))!.url()).toContain('/login?next=');
  });
});
