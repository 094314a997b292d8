// The discussions as members use them in Chromium: ask, preview, answer, quote, mark as
// helpful, accept, edit with history, delete, report, moderate, and never run a payload.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { available } from '../helpers/requirements';
import { expectAccessible, useSiteInBrowser, newPage, signInInBrowser, signUpInBrowser, submit } from '../helpers/browser';
import { XSS_PAYLOADS } from '../fixtures/xss-payloads';

const PASSWORD = '토론 게시판 시험용 비밀번호';
const ADMIN = { email: 'admin@forum.example.kr', password: '관리자 비밀번호는 충분히 길게' };

describe.skipIf(!available('chromium'))('discussions in Chromium', () => {
  // Address confirmation by mail is tested in mail.test.ts; here members post right after signing up.
  const site = useSiteInBrowser({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, EMAIL_VERIFICATION: 'off' });
  let asker: Page;
  let helper: Page;
  let threadUrl: string;
  beforeAll(async () => {
    asker = await newPage(site.browser);
    helper = await newPage(site.browser);
    expect(await signUpInBrowser(asker, site.server.url, { email: 'asker@example.kr', password: PASSWORD, displayName: '질문자' })).toBe(302);
    expect(await signUpInBrowser(helper, site.server.url, { email: 'helper@example.kr', password: PASSWORD, displayName: '답변자' })).toBe(302);
  });

  it('guests read public boards but not the members-only one, and are asked to sign in to write', async () => {
    const guest = await newPage(site.browser);
    await guest.goto(`${site.server.url}/forum`);
    const boards = await guest.locator('main .card-title').allTextContents();
    expect(boards).toEqual(['자유토론', '도입 Q&A', '멘토 노하우']);
    await expectAccessible(guest);
    await guest.goto(`${site.server.url}/forum/qna`);
    expect(await guest.getByRole('link', { name: '로그인하고 글 쓰기' }).count()).toBe(1);
    await guest.goto(`${site.server.url}/forum/alumni`);
    expect(new URL(guest.url()).pathname).toBe('/login');
    await guest.context().close();
  });

  it('asks a question with a preview that keeps the text, then posts it once', async () => {
    await asker.goto(`${site.server.url}/forum/qna/new`);
    await asker.locator('#field-title').fill('불량률 데이터는 어떻게 모으나요?');
    await asker.locator('#field-body').fill('**POP** 단말을 어디에 둘지 고민입니다.\n\n- 프레스 라인\n- 검사대');
    await asker.locator('#field-sigunCode').selectOption({ label: '군산시' });
    expect(await submit(asker, '미리보기')).toBe(200);
    expect(await asker.locator('.preview strong').textContent()).toBe('POP');
    expect(await asker.locator('#field-body').inputValue()).toContain('프레스 라인');
    expect(await asker.locator('#field-title').inputValue()).toBe('불량률 데이터는 어떻게 모으나요?');
    await expectAccessible(asker);
    expect(await submit(asker, '등록')).toBe(302);
    threadUrl = asker.url().replace(/[?#].*$/, '');
    expect(threadUrl).toMatch(/\/forum\/t\/\d+$/);
    expect(await asker.locator('h1').textContent()).toContain('불량률 데이터는 어떻게 모으나요?');
    expect(await asker.locator('.tags a').first().getAttribute('href')).toBe('/regions/52130/');
  });

  it('answers with a quote, marks it helpful and accepts it', async () => {
    await helper.goto(threadUrl);
    await helper.getByRole('link', { name: '인용' }).first().click();
    expect(await helper.locator('#field-body').inputValue()).toMatch(/^> \*\*POP\*\* 단말/);
    await helper.locator('#field-body').fill('> POP 단말\n\n검사대 옆에 두고 **바코드**로 불량 유형을 찍게 하세요.');
    expect(await submit(helper, '답글 등록')).toBe(302);
    expect(helper.url()).toMatch(/#post-2$/);
    expect(await helper.locator('#post-2 .post-body').textContent()).toContain('바코드');

    // The asker watches the thread they started: the header counts the new reply.
    await asker.goto(`${site.server.url}/`);
    expect(await asker.locator('.count-badge').textContent()).toContain('1');
    await asker.goto(`${site.server.url}/notifications`);
    await expectAccessible(asker);
    await asker.getByRole('link', { name: /답변자님이 답글을 달았습니다/ }).click();
    expect(asker.url()).toMatch(/#post-2$/);
    expect(await asker.locator('.count-badge').count()).toBe(0);

    await asker.goto(threadUrl);
    await asker.locator('#post-2').getByRole('button', { name: /도움돼요/ }).click();
    await asker.waitForLoadState('load');
    const helpful = asker.locator('#post-2').getByRole('button', { name: /도움돼요 취소/ });
    expect(await helpful.getAttribute('aria-pressed')).toBe('true');
    expect(await helpful.locator('.count').textContent()).toBe('1');

    await asker.locator('#post-2').getByRole('button', { name: '답변으로 채택' }).click();
    await asker.waitForLoadState('load');
    expect(await asker.locator('h1 .badge-solved').textContent()).toBe('해결됨');
    expect(await asker.locator('.accepted-answer').textContent()).toContain('바코드');
    await expectAccessible(asker);
    await asker.goto(`${site.server.url}/forum/qna`);
    expect(await asker.locator('.thread-list tbody tr').first().textContent()).toContain('해결됨');
  });

  it('edits with a kept history, and a deleted post keeps its place', async () => {
    await helper.goto(threadUrl);
    await helper.locator('#post-2').getByRole('link', { name: '수정' }).click();
    await helper.locator('#field-body').fill('검사대 옆에 두고 바코드로 찍게 하세요. (단말 두 대면 충분합니다)');
    expect(await submit(helper, '수정 저장')).toBe(302);
    await helper.locator('#post-2').getByRole('link', { name: '수정됨' }).click();
    expect(await helper.locator('.revisions').textContent()).toContain('**바코드**로 불량 유형');
    await expectAccessible(helper);

    await helper.goto(threadUrl);
    await helper.locator('#field-body').fill('잘못 올린 답글입니다.');
    expect(await submit(helper, '답글 등록')).toBe(302);
    await helper.locator('#post-3').getByRole('button', { name: '삭제' }).click();
    await helper.waitForLoadState('load');
    expect(await helper.locator('#post-3').textContent()).toContain('삭제된 글입니다');
    expect(await helper.locator('#post-3').textContent()).not.toContain('잘못 올린');
  });

  it('a double-clicked reply makes one post; an expired session keeps the text', async () => {
    await helper.goto(threadUrl);
    const before = await helper.locator('li.post').count();
    await helper.locator('#field-body').fill('두 번 눌러도 하나만 올라가야 합니다.');
    await helper.getByRole('button', { name: '답글 등록', exact: true }).dblclick();
    await helper.waitForURL(/#post-\d+$/);
    await helper.goto(threadUrl);
    expect(await helper.locator('li.post').count()).toBe(before + 1);

    await helper.locator('#field-body').fill('세션이 끝나도 이 글은 남아야 합니다.');
    await helper.context().clearCookies();
    expect(await submit(helper, '답글 등록')).toBe(401);
    expect(await helper.locator('.form-error').textContent()).toContain('로그인');
    expect(await helper.locator('#field-body').inputValue()).toBe('세션이 끝나도 이 글은 남아야 합니다.');
    expect(await signInInBrowser(helper, site.server.url, 'helper@example.kr', PASSWORD)).toBe(302);
  });

  it('limits links for new members, in Korean, keeping the text', async () => {
    await helper.goto(threadUrl);
    const text = '[가](https://a.example) [나](https://b.example) [다](https://c.example)';
    await helper.locator('#field-body').fill(text);
    expect(await submit(helper, '답글 등록')).toBe(403);
    expect(await helper.locator('.form-error').textContent()).toContain('링크를 2개까지');
    expect(await helper.locator('#field-body').inputValue()).toBe(text);
  });

  it('reports a post, and moderators pin, lock and move the thread', async () => {
    await helper.goto(threadUrl);
    await helper.locator('#post-1').getByRole('link', { name: '신고' }).click();
    await helper.locator('#field-reason').fill('같은 질문이 여러 번 올라왔습니다');
    await expectAccessible(helper);
    await submit(helper, '신고하기');
    expect(await helper.locator('.form-success').textContent()).toContain('신고를 접수했습니다');

    const admin = await newPage(site.browser);
    expect(await signInInBrowser(admin, site.server.url, ADMIN.email, ADMIN.password)).toBe(302);
    await admin.goto(threadUrl);
    expect(await submit(admin, '맨 위에 고정')).toBe(302);
    expect(await submit(admin, '잠그기')).toBe(302);
    expect(await admin.locator('h1').textContent()).toContain('잠김');
    await admin.locator('#move-board').selectOption({ label: '자유토론' });
    expect(await submit(admin, '옮기기')).toBe(302);
    expect(await admin.locator('.breadcrumb').textContent()).toContain('자유토론');
    await expectAccessible(admin);

    await helper.goto(threadUrl);
    expect(await helper.locator('#reply').textContent()).toContain('잠긴 글이라');
    await helper.goto(`${site.server.url}/forum/free`);
    expect(await helper.locator('.thread-list tbody tr').first().textContent()).toContain('고정');
    await admin.context().close();
  });

  it('runs none of the XSS payloads, posted as Markdown and raw HTML', async () => {
    const admin = await newPage(site.browser);
    expect(await signInInBrowser(admin, site.server.url, ADMIN.email, ADMIN.password)).toBe(302);
    await admin.goto(`${site.server.url}/forum/free/new`);
    await admin.locator('#field-title').fill('보안 점검용 글');
    await admin.locator('#field-body').fill(XSS_PAYLOADS.join('\n\n'));
    expect(await submit(admin, '등록')).toBe(302);
    const url = admin.url();
    await admin.context().close();

    const reader = await newPage(site.browser);
    const dialogs: string[] = [];
    reader.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await reader.goto(url);
    // Event-handler payloads (onerror on a broken image and the like) fire while resources load.
    await reader.waitForLoadState('networkidle');
    expect(await reader.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await reader.locator('.post-body script, .post-body iframe, .post-body svg, .post-body img, .post-body form').count()).toBe(0);
    expect(await reader.locator('.post-body').textContent()).toContain('<script>window.__xss=1</script>');
    await reader.context().close();
  });
});
