// Checklists on the built server: a guest's result without JavaScript, answers kept through
// sign-in and sign-up, saving and continuing, CSV, the staff aggregate with its threshold;
// then in Chromium: the live score, the guest-to-member path, axe on every page, and the
// print view rendered to PDF as one report with every section.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { FormClient, startServer, tempDataDir, type RunningServer } from '../helpers/server';
import { PDFTOTEXT_PATH, available } from '../helpers/requirements';
import { budget } from '../helpers/budgets';
import { expectAccessible, launchBrowser, newPage as openPage, submit } from '../helpers/browser';
import { GOOD_PASSWORD } from '../helpers/accounts';
import { answerAll, loadTemplate } from '../helpers/checklists';
import { formatDate } from '../../src/lib/dates';

const READINESS = loadTemplate('smart-factory-readiness');
const FORM = `/checklists/${READINESS.id}`;
const STAFF = { email: 'staff@jeonbuk.example.kr', password: '도청 스마트공장 담당 2026 여름' };

let server: RunningServer;
let dataDir: string;
let emails = 0;

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '', ADMIN_EMAIL: STAFF.email, ADMIN_PASSWORD: STAFF.password });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function signUpFields(overrides: Record<string, string> = {}) {
  emails += 1;
  return {
    email: `ceo${emails}@checklist.example.kr`,
    handle: `ceo${emails}_checklist`,
    password: GOOD_PASSWORD,
    passwordConfirm: GOOD_PASSWORD,
    displayName: `대표${emails}`,
    companyName: `체크정밀${emails}(가칭)`,
    sigunCode: '52130',
    industry: '기계',
    agreePrivacy: 'on',
    agreeTerms: 'on',
    ...overrides,
  };
}

async function member(overrides: Record<string, string> = {}) {
  const client = new FormClient(server.url);
  const fields = signUpFields(overrides);
  const res = await client.post('/signup?_action=signUp', fields);
  expect(res.status).toBe(302);
  return { client, fields };
}

/** Form fields for a checklist post: template, company and answers. */
function checklistFields(answers: Record<string, string>, extra: Record<string, string> = {}) {
  return {
    templateId: READINESS.id,
    templateVersion: READINESS.version,
    ...Object.fromEntries(Object.entries(answers).map(([item, value]) => [`answers.${item}`, value])),
    ...extra,
  };
}

function text(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
}

describe('checklists without JavaScript', () => {
  it('lists the templates, with the sample one marked', async () => {
    const html = await (await fetch(`${server.url}/checklists`)).text();
    expect(html).toContain('스마트공장 도입 전 사전준비 체크리스트');
    expect(text(html)).toMatch(/멘토 현장 진단 사전 질문지 샘플/);
    expect(text(html)).toMatch(/12개 영역 · 44개 문항 · 1\.0판/);
  });

  it('shows a guest the score, the critical gaps, the weakest sections and links, storing nothing', async () => {
    const guest = new FormClient(server.url);
    const answers = answerAll(READINESS, 'yes');
    answers['ceo-purpose'] = 'no'; // critical
    for (const item of READINESS.sections[7]!.items) answers[item.id] = 'no'; // 예산과 자부담 계획
    const res = await guest.post(`${FORM}?_action=evaluateChecklist`, checklistFields(answers, { industry: '자동차부품', targetLevel: '중간1' }));
    expect(res.status).toBe(200);
    const page = text(await res.text());
    expect(page).toMatch(/전체 준비도 (8\d|9\d) 점/); // high overall…
    expect(page).toContain('먼저 해결해야 할 핵심 문항 2개'); // …yet the critical "no"s are called out
    expect(page).toContain('대표가 스마트공장을 도입하려는 이유');
    expect(page).toMatch(/가장 약한 영역과 조언 1?\.? ?예산과 자부담 계획 0점/);
    expect(page).toContain('로그인하고 저장');
    const html = await (await guest.post(`${FORM}?_action=evaluateChecklist`, checklistFields(answers, { industry: '자동차부품', targetLevel: '중간1' }))).text();
    expect(html).toContain(`href="/cases?industry=${encodeURIComponent('자동차부품')}&amp;level=${encodeURIComponent('중간1')}"`);
    expect(html).toContain('href="/forum/qna"');
    expect(html).toContain(`href="/search?q=${encodeURIComponent('자동차부품')}#discussion-results-title"`);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('refuses answers the checklist does not have, in Korean, with 400', async () => {
    const res = await new FormClient(server.url).post(`${FORM}?_action=evaluateChecklist`, checklistFields({ 'ceo-purpose': 'maybe' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('체크리스트에 없는 답이 들어 있습니다');
    expect((await fetch(`${server.url}/checklists/no-such-template`)).status).toBe(404);
  });

  it('keeps a guest’s answers through sign-in, then saves, continues, exports and lists them', async () => {
    const { fields } = await member();
    const guest = new FormClient(server.url);
    const half = Object.fromEntries(READINESS.sections.slice(0, 3).flatMap((s) => s.items.map((i) => [i.id, 'partial'])));
    const stash = await guest.post(`${FORM}?_action=stashChecklist`, checklistFields(half, { industry: '기계', then: 'login' }));
    expect(stash.status).toBe(302);
    const loginUrl = stash.headers.get('location')!;
    expect(loginUrl).toMatch(/^\/login\?next=%2Fchecklists%2Fsmart-factory-readiness%3Fdraft%3D[a-z2-7]{32}$/);
    // Signing in on that page goes back to the form with the answers.
    const signIn = await guest.post(`${loginUrl}&_action=signIn`, { email: fields.email, password: GOOD_PASSWORD });
    expect(signIn.status).toBe(302);
    const resume = signIn.headers.get('location')!;
    expect(resume).toMatch(/^\/checklists\/smart-factory-readiness\?draft=/);
    const form = await (await guest.get(resume)).text();
    expect(form).toContain('로그인 전에 답한 내용을 불러왔습니다');
    expect(form.match(/checked/g)?.length).toBe(Object.keys(half).length);
    expect(form).toMatch(/<option value="기계" selected/);
    const draft = new URL(resume, server.url).searchParams.get('draft')!;

    const saved = await guest.post(`${FORM}?_action=saveChecklist`, checklistFields(half, { industry: '기계', draft }));
    expect(saved.status).toBe(302);
    const resultPath = saved.headers.get('location')!;
    expect(resultPath).toMatch(/^\/checklists\/assessments\/\d+\?saved=1$/);
    const id = resultPath.match(/\d+/)![0];
    const result = text(await (await guest.get(resultPath)).text());
    expect(result).toContain('저장했습니다');
    expect(result).toContain(fields.companyName);
    expect(result).toMatch(/전체 준비도 50 점/);
    expect(result).toMatch(/답한 문항 12 \/ 44\. 아직 답하지 않은 문항이 있어/);
    // The draft is used up.
    expect(await (await guest.get(resume)).text()).toContain('불러올 답을 찾지 못했습니다');

    // Continue: the saved answers come back; finishing updates the same assessment.
    const again = await (await guest.get(`${FORM}?assessment=${id}`)).text();
    expect(again).toContain('저장한 답을 불러왔습니다');
    expect(again).toContain(`name="assessmentId" value="${id}"`);
    const finished = await guest.post(`${FORM}?_action=saveChecklist`, checklistFields({ ...answerAll(READINESS, 'yes'), ...half }, { assessmentId: id }));
    expect(finished.headers.get('location')).toBe(`/checklists/assessments/${id}?saved=1`);

    // A second assessment later: the history compares the two.
    await guest.post(`${FORM}?_action=saveChecklist`, checklistFields(answerAll(READINESS, 'yes')));
    const history = text(await (await guest.get('/checklists/history')).text());
    expect(history).toContain('지난번과 비교한 영역별 점수');
    expect(history).toMatch(/경영진 의지와 목표 100 50 \+50/);
    expect(history).toMatch(/정보보안 100 100 \+?0/);

    const csv = await guest.get(`/checklists/assessments/${id}.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`checklist-${id}.csv`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so Excel reads it as UTF-8
    const body = new TextDecoder().decode(bytes);
    const lines = body.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 44);
    expect(lines[1]).toContain('"경영진 의지와 목표","1-1"');
    expect(lines[1]).toContain('"부분적으로","0.5"');
    expect(lines.at(-1)).toContain('"예","1"');

    // Nobody else sees it.
    const other = await member();
    for (const pathname of [`/checklists/assessments/${id}`, `/checklists/assessments/${id}.csv`, `/checklists/assessments/${id}/print`, `${FORM}?assessment=${id}`]) {
      expect((await other.client.get(pathname)).status, pathname).toBe(404);
    }
    expect((await new FormClient(server.url).get(`/checklists/assessments/${id}`)).headers.get('location')).toMatch(/^\/login\?next=/);
  });

  it('shows staff readiness by 시·군 only where five companies answered, and only to staff', async () => {
    // 완주군: five companies; 진안군: four.
    for (let i = 0; i < 5; i++) {
      const { client } = await member({ sigunCode: '52710' });
      await client.post(`${FORM}?_action=saveChecklist`, checklistFields(answerAll(READINESS, i < 4 ? 'yes' : 'no'), { sigunCode: '52710' }));
    }
    for (let i = 0; i < 4; i++) {
      const { client } = await member({ sigunCode: '52720' });
      await client.post(`${FORM}?_action=saveChecklist`, checklistFields(answerAll(READINESS, 'yes'), { sigunCode: '52720' }));
    }
    const staff = new FormClient(server.url);
    expect((await staff.post('/login?_action=signIn', STAFF)).status).toBe(302);
    const page = text(await (await staff.get('/staff/readiness')).text());
    expect(page).toMatch(/완주군 5곳 80 80 80/);
    expect(page).toMatch(/진안군 4곳 응답 기업이 5곳 미만이라 표시하지 않습니다/);
    expect(page).toMatch(/부안군 0곳 응답 기업이 5곳 미만/);

    const { client } = await member();
    const denied = await client.get('/staff/readiness');
    expect(denied.status).toBe(403);
    expect(await denied.text()).not.toContain('완주군 5곳');
  });
});

describe.skipIf(!available('chromium'))('checklists in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const newPage = (javaScriptEnabled = true) => openPage(browser, { javaScriptEnabled });

  async function answer(page: Page, itemId: string, label: string) {
    await page.locator(`fieldset:has(#help-${itemId})`).getByLabel(label, { exact: true }).check();
  }

  it('a guest sees the score move while answering, then signs in and the answers are saved', { timeout: budget({ axe: 10, page: 16 }) }, async () => {
    const { fields } = await member({ companyName: '브라우저정밀(가칭)' });
    const page = await newPage();
    await page.goto(`${server.url}/checklists`);
    await expectAccessible(page);
    await page.getByRole('link', { name: '스마트공장 도입 전 사전준비 체크리스트' }).click();
    await expect.poll(() => page.url()).toContain(FORM);
    await expectAccessible(page);
    const overall = page.locator('[data-live="overall"]');
    expect(await overall.textContent()).toBe('—');
    await answer(page, 'ceo-purpose', '예');
    await expect.poll(() => overall.textContent()).toBe('100');
    await answer(page, 'ceo-involvement', '아니요');
    await expect.poll(() => overall.textContent()).toBe('50');
    expect(await page.locator('[data-live="critical"]').textContent()).toBe('1');
    expect(await page.locator('[data-live-section="leadership"]').textContent()).toBe('50');
    await page.locator('#field-industry').selectOption({ label: '기계' });

    expect(await submit(page, '결과 보기')).toBe(200);
    expect(await page.locator('.overall-score').textContent()).toBe('50');
    await expectAccessible(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page);
    await page.emulateMedia({ colorScheme: 'light' });

    expect(await submit(page, '로그인하고 저장')).toBe(302);
    expect(new URL(page.url()).pathname).toBe('/login');
    await expectAccessible(page);
    await page.locator('#field-email').fill(fields.email);
    await page.locator('#field-password').fill(GOOD_PASSWORD);
    expect(await submit(page, '로그인')).toBe(302);
    expect(page.url()).toContain(`${FORM}?draft=`);
    expect(await page.locator(`fieldset:has(#help-ceo-purpose)`).getByLabel('예', { exact: true }).isChecked()).toBe(true);
    expect(await page.locator(`fieldset:has(#help-ceo-involvement)`).getByLabel('아니요', { exact: true }).isChecked()).toBe(true);
    expect(await page.locator('#field-industry').inputValue()).toBe('기계');
    await expectAccessible(page);

    expect(await submit(page, '저장하고 결과 보기')).toBe(302);
    expect(page.url()).toMatch(/\/checklists\/assessments\/\d+\?saved=1$/);
    expect(await page.locator('.overall-score').textContent()).toBe('50');
    expect(await page.locator('main').textContent()).toContain('브라우저정밀(가칭)');
    await expectAccessible(page);
    await page.getByRole('link', { name: '인쇄용 보고서' }).click();
    await expectAccessible(page);
    await page.goto(`${server.url}/checklists/history`);
    await expectAccessible(page);
    await page.goto(`${server.url}/checklists/mentor-visit-prep`);
    await expectAccessible(page);
    // The form, a result with its chart, and the history fit a 360 px phone.
    await page.setViewportSize({ width: 360, height: 740 });
    for (const pathname of [FORM, '/checklists/history', '/checklists']) {
      await page.goto(server.url + pathname);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, pathname).toBeLessThanOrEqual(0);
    }
    await page.context().close();
  });

  it('without JavaScript, a guest gets the result from the server and keeps the answers through sign-up', async () => {
    const page = await newPage(false);
    await page.goto(`${server.url}/checklists/mentor-visit-prep`);
    await answer(page, 'layout', '준비 안 됨');
    await answer(page, 'org-chart', '준비됨');
    expect(await submit(page, '결과 보기')).toBe(200);
    expect(await page.locator('.overall-score').textContent()).toBe('33');
    expect(await page.locator('.critical-gaps').textContent()).toContain('공장 배치도');
    expect(await submit(page, '회원가입하고 저장')).toBe(302);
    expect(new URL(page.url()).pathname).toBe('/signup');
    const fields = signUpFields();
    await page.locator('#field-email').fill(fields.email);
    await page.locator('#field-handle').fill(fields.handle);
    await page.locator('#field-password').fill(GOOD_PASSWORD);
    await page.locator('#field-passwordConfirm').fill(GOOD_PASSWORD);
    await page.locator('#field-displayName').fill('김가입');
    await page.locator('#field-companyName').fill('새싹식품(가칭)');
    await page.locator('#field-agreePrivacy').check();
    await page.locator('#field-agreeTerms').check();
    expect(await submit(page, '가입하기')).toBe(302);
    expect(page.url()).toContain('/checklists/mentor-visit-prep?draft=');
    expect(await submit(page, '저장하고 결과 보기')).toBe(302);
    expect(await page.locator('.overall-score').textContent()).toBe('33');
    expect(await page.locator('main').textContent()).toContain('새싹식품(가칭)');
    await page.context().close();
  });

  it.skipIf(!available('pdftotext'))('prints one A4 report with the company, the date and every section', async () => {
    const { client, fields } = await member({ companyName: '인쇄정밀(가칭)' });
    const answers = answerAll(READINESS, 'partial');
    answers['item-codes'] = 'no';
    const saved = await client.post(`${FORM}?_action=saveChecklist`, checklistFields(answers));
    const id = saved.headers.get('location')!.match(/\d+/)![0];
    const page = await newPage();
    await page.context().addCookies(
      [...client.cookies].map(([name, value]) => ({ name, value, url: server.url })),
    );
    await page.goto(`${server.url}/checklists/assessments/${id}/print`);
    await expectAccessible(page);
    const pdfPath = path.join(os.tmpdir(), `checklist-report-${process.pid}.pdf`);
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
    await page.context().close();
    const pdf = execFileSync(PDFTOTEXT_PATH, ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
    const info = execFileSync(path.join(path.dirname(PDFTOTEXT_PATH), 'pdfinfo'), [pdfPath], { encoding: 'utf8' });
    fs.rmSync(pdfPath, { force: true });
    const squashed = pdf.replace(/\s+/g, '');
    expect(info).toMatch(/Page size:\s+59\d\.\d+ x 84\d\.\d+ pts \(A4\)/);
    expect(squashed.match(/도입전사전준비진단보고서/g)).toHaveLength(1); // one report
    expect(squashed).toContain(fields.companyName.replace(/\s+/g, ''));
    expect(squashed).toContain(formatDate(new Date()).replace(/\s+/g, '')); // printed today
    for (const section of READINESS.sections) expect(squashed, section.title).toContain(section.title.replace(/\s+/g, ''));
    expect(squashed).toContain('먼저해결해야할핵심문항1개');
    expect(squashed).toContain('중복없는품목코드체계가있습니까');
    // The site frame stays off the paper.
    for (const frame of ['본문바로가기', '로그아웃', '샘플콘텐츠안내', '결과화면으로돌아가기']) expect(squashed).not.toContain(frame);
  });

  it('staff see the aggregate page accessibly; others get an accessible refusal', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/login?next=/staff/readiness`);
    await page.locator('#field-email').fill(STAFF.email);
    await page.locator('#field-password').fill(STAFF.password);
    expect(await submit(page, '로그인')).toBe(302);
    expect(new URL(page.url()).pathname).toBe('/staff/readiness');
    await expectAccessible(page);
    await page.context().close();
    // A member is refused with a Korean page, which is accessible too; so is a missing checklist.
    const { client } = await member();
    const other = await newPage();
    await other.context().addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: server.url })));
    const denied = await other.goto(`${server.url}/staff/readiness`);
    expect(denied?.status()).toBe(403);
    expect(await other.locator('h1').textContent()).toBe('볼 수 없는 페이지입니다');
    await expectAccessible(other);
    expect((await other.goto(`${server.url}/checklists/no-such-template`))?.status()).toBe(404);
    await expectAccessible(other);
    await other.context().close();
  });
});
