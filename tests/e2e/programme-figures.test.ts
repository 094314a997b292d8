// Programme figures kept on the web, in Chromium without JavaScript: an admin makes a member
// 시·군 담당자 for 전주시; they correct a figure (a bad value is refused next to the cell and
// kept) and it shows at once on /programme and /regions/52110; they import an .xlsx with a bad
// row (the preview lists it and saves nothing until confirmed); export; axe on every new page.
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { available } from '../helpers/requirements';
import { budget } from '../helpers/budgets';
import { expectAccessible, newPage, signInInBrowser, signUpInBrowser, submit, useSiteInBrowser } from '../helpers/browser';
import { GOOD_PASSWORD } from '../helpers/accounts';

const ADMIN = { email: 'admin@figures.example.kr', password: '실적 관리자 비밀번호는 충분히 길게' };
const OFFICIAL = { email: 'jeonju.official@example.kr', password: GOOD_PASSWORD, displayName: '전주시 담당' };

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('도입 실적');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

describe.skipIf(!available('chromium'))('programme figures in Chromium without JavaScript', () => {
  const site = useSiteInBrowser({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  let official: Page;
  const url = (path: string) => `${site.server.url}${path}`;

  /** The text of the row for `label` in a chart's table on `path` (what a visitor reads). */
  async function chartRow(page: Page, path: string, chartId: string, label: string) {
    await page.goto(url(path));
    return page.locator(`#${chartId}-caption`).locator('xpath=..').locator('table tr', { has: page.locator('th', { hasText: new RegExp(`^${label}$`) }) }).textContent();
  }

  /**
   * axe needs JavaScript, and these pages are used without it: the page as the JavaScript-less
   * browser got it (after a failed POST too) is served again to a JavaScript-enabled copy.
   */
  async function checkAxe(page: Page) {
    const html = await page.content();
    const context = await site.browser.newContext({ locale: 'ko-KR', timezoneId: 'Asia/Seoul', storageState: await page.context().storageState() });
    const copy = await context.newPage();
    await copy.route(page.url(), (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
    await copy.goto(page.url());
    await expectAccessible(copy);
    await context.close();
  }

  beforeAll(async () => {
    official = await newPage(site.browser, { javaScriptEnabled: false });
    expect(await signUpInBrowser(official, site.server.url, OFFICIAL)).toBe(302);
  });

  it('an admin makes the member 시·군 담당자 for 전주시 on the member page (audited)', { timeout: budget({ axe: 1, page: 8 }) }, async () => {
    const admin = await newPage(site.browser, { javaScriptEnabled: false });
    expect(await signInInBrowser(admin, site.server.url, ADMIN.email, ADMIN.password)).toBe(302);
    await admin.goto(url('/admin/users?q=jeonju.official'));
    await admin.getByRole('link', { name: OFFICIAL.displayName }).click();
    await admin.locator('#scope-sigun').selectOption({ label: '전주시' });
    expect(await submit(admin, '담당 지정')).toBe(302);
    expect(await admin.locator('.scope-list').textContent()).toContain('전주시');
    await checkAxe(admin);
    await admin.goto(url('/admin/audit'));
    expect(await admin.locator('table tbody').textContent()).toContain('시·군 담당 지정');
    await admin.context().close();
  });

  it('the 시·군 담당자 edits their figure; a bad value is refused next to the cell; the new figure shows at once', { timeout: budget({ axe: 2, page: 10 }) }, async () => {
    expect(await chartRow(official, '/programme', 'progress-sigun', '전주시')).toContain('39곳');
    const page = official;
    await page.goto(url('/staff/programme'));
    await checkAxe(page);
    // Only 전주시's row is editable.
    expect(await page.locator('#a-2026-52110').inputValue()).toBe('6');
    expect(await page.locator('#a-2026-52130').count()).toBe(0);

    await page.locator('#a-2026-52110').fill('열 곳');
    await page.locator('#a-2025-52110').fill('11');
    expect(await submit(page, '도입 기업 수 저장')).toBe(400);
    expect(await page.locator('#a-2026-52110-error').textContent()).toBe('0 이상의 정수로 적어 주세요.');
    expect(await page.locator('#a-2026-52110').inputValue()).toBe('열 곳');
    expect(await page.locator('#a-2025-52110').inputValue()).toBe('11');
    await checkAxe(page);

    await page.locator('#a-2026-52110').fill('10');
    await page.locator('#a-2025-52110').fill('9');
    expect(await submit(page, '도입 기업 수 저장')).toBe(302);
    expect(await page.locator('.form-success').textContent()).toContain('1건을 저장했습니다');
    expect(await page.locator('.history-table tbody tr').first().textContent()).toContain('2026년 전주시: 6 → 10');

    expect(await chartRow(page, '/programme', 'progress-sigun', '전주시')).toContain('43곳');
    expect(await chartRow(page, '/regions/52110/', 'region-progress', '2026년')).toContain('43곳 (+10)');
  });

  it('imports an .xlsx: the preview lists the bad row and saves nothing until confirmed', { timeout: budget({ axe: 2, page: 12, upload: 1 }) }, async () => {
    const page = official;
    await page.goto(url('/staff/programme'));
    const sheet = await xlsx([
      ['연도', '시·군', '도입 기업 수'],
      [2025, '전주시', 12],
      [2024, '전주', 9],
      [2025, '군산시', 3],
      [2026, '서울시', 4],
    ]);
    await page.locator('#import-file').setInputFiles({ name: '전주 실적.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: sheet });
    expect(await submit(page, '미리보기')).toBe(200);
    const problems = page.locator('.problems-table tbody tr');
    expect(await problems.count()).toBe(2);
    expect(await problems.nth(0).textContent()).toContain('4행군산시의 수치는 고칠 수 없습니다');
    expect(await problems.nth(1).textContent()).toContain('5행시·군: 전북 14개 시·군의 이름이나 코드가 아닙니다: 서울시');
    const changes = page.locator('.changes-table tbody tr');
    expect(await changes.count()).toBe(1);
    expect(await changes.first().textContent()).toBe('2행2025년전주시912');
    await checkAxe(page);

    // Nothing is saved yet.
    const preview = await newPage(site.browser, { javaScriptEnabled: false });
    expect(await chartRow(preview, '/regions/52110/', 'region-progress', '2025년')).toContain('33곳 (+9)');

    expect(await submit(page, '1건 저장')).toBe(302);
    expect(await page.locator('.form-success').textContent()).toContain('1건을 저장했습니다');
    expect(await chartRow(preview, '/regions/52110/', 'region-progress', '2025년')).toContain('36곳 (+12)');
    expect(await chartRow(preview, '/programme', 'progress-sigun', '전주시')).toContain('46곳');
    await preview.context().close();

    await page.goto(url('/staff/programme/history?sigun=52110'));
    await checkAxe(page);
    const history = await page.locator('.history-table tbody tr').first().textContent();
    expect(history).toContain(OFFICIAL.displayName);
    expect(history).toContain('2025년 전주시: 9 → 12');
    expect(history).toContain('파일 가져오기');
  });

  it('a file that is not a sheet is refused in Korean; export gives both formats; others get 403', { timeout: budget({ axe: 1, page: 10, upload: 1 }) }, async () => {
    const page = official;
    await page.goto(url('/staff/programme'));
    await page.locator('#import-file').setInputFiles({ name: 'x.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]) });
    expect(await submit(page, '미리보기')).toBe(400);
    expect(await page.locator('#import-file-error').textContent()).toContain('.xlsx 파일을 읽을 수 없습니다');

    const xlsxResponse = await page.context().request.get(url('/staff/programme/export.xlsx'));
    expect(xlsxResponse.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsxResponse.body()) as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['연도', '시·군', '시·군 코드', '도입 기업 수']);
    expect(rows).toContainEqual([2025, '전주시', '52110', 12]);
    const csv = await page.context().request.get(url('/staff/programme/export.csv'));
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect((await csv.text()).startsWith('\uFEFF연도,시·군')).toBe(true);

    const member = await newPage(site.browser, { javaScriptEnabled: false });
    expect(await signUpInBrowser(member, site.server.url, { email: 'plain.member@example.kr', password: GOOD_PASSWORD })).toBe(302);
    const refused = await member.goto(url('/staff/programme'));
    expect(refused?.status()).toBe(403);
    await checkAxe(member);
    expect((await member.context().request.get(url('/staff/programme/export.csv'))).status()).toBe(403);
    await member.context().close();
  });
});
