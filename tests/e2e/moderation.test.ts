// Moderation and administration in Chromium: reports hide a post automatically, the review
// queue suspends its author (who can still read but not write), the audit log records it,
// admins manage roles and export data, and a member deletes their own account.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { available } from '../helpers/requirements';
import { expectAccessible, newPage, signInInBrowser, signUpInBrowser, submit, useSiteInBrowser } from '../helpers/browser';

const PASSWORD = '운영 시험용 충분히 긴 비밀번호';
const ADMIN = { email: 'admin@moderation.example.kr', password: '관리자 비밀번호도 충분히 길게' };

describe.skipIf(!available('chromium'))('moderation and administration in Chromium', () => {
  // Address confirmation by mail is tested in mail.test.ts; here members post right after signing up.
  const site = useSiteInBrowser({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, REPORT_HIDE_THRESHOLD: '2', EMAIL_VERIFICATION: 'off' });
  let spammer: Page;
  let threadUrl: string;

  async function member(email: string) {
    const page = await newPage(site.browser);
    expect(await signUpInBrowser(page, site.server.url, { email, password: PASSWORD })).toBe(302);
    return page;
  }

  it('two reports hide a post until reviewed; guests see why', async () => {
    spammer = await member('spammer@example.kr');
    await spammer.goto(`${site.server.url}/forum/free/new`);
    await spammer.locator('#field-title').fill('싸게 팝니다');
    await spammer.locator('#field-body').fill('광고 글입니다. 연락 주세요.');
    expect(await submit(spammer, '등록')).toBe(302);
    threadUrl = spammer.url().replace(/[?#].*$/, '');
    for (const email of ['reporter1@example.kr', 'reporter2@example.kr']) {
      const reporter = await member(email);
      await reporter.goto(threadUrl);
      await reporter.locator('#post-1').getByRole('link', { name: '신고' }).click();
      await reporter.locator('#field-reason').fill('광고입니다');
      await submit(reporter, '신고하기');
      await reporter.context().close();
    }
    const guest = await newPage(site.browser);
    await guest.goto(threadUrl);
    expect(await guest.locator('#post-1').textContent()).toContain('여러 회원의 신고로 운영자 검토 전까지 숨겨진 글입니다');
    expect(await guest.locator('#post-1').textContent()).not.toContain('연락 주세요');
    await guest.context().close();
  });

  it('the queue suspends the author with a reason; they read but cannot write; the log says so', async () => {
    const admin = await newPage(site.browser);
    expect(await signInInBrowser(admin, site.server.url, ADMIN.email, ADMIN.password)).toBe(302);
    await admin.goto(`${site.server.url}/moderation`);
    expect(await admin.locator('.queue-item').count()).toBe(1);
    expect(await admin.locator('.reports li').count()).toBe(2);
    await expectAccessible(admin);
    await admin.locator('.queue-item input[name="reason"]').fill('반복된 광고 게시');
    await admin.locator('.queue-item select[name="days"]').selectOption('7');
    expect(await submit(admin, '글쓴이 정지')).toBe(302);
    expect(await admin.locator('.form-success').textContent()).toContain('이용을 정지했습니다');
    expect(await admin.locator('.queue-item').count()).toBe(0);

    await spammer.goto(threadUrl);
    expect(await spammer.locator('#reply .form-error').textContent()).toContain('사유: 반복된 광고 게시');
    await spammer.goto(`${site.server.url}/forum/free/new`);
    expect(await spammer.locator('.form-error').textContent()).toContain('이용이 정지된 계정');
    // A post sent anyway (an old tab) is refused with the same reason, 403.
    const status = await spammer.evaluate(async (url) => {
      const form = new FormData();
      form.set('threadId', url.split('/').pop()!);
      form.set('body', '정지됐는데 또 씁니다');
      form.set('submissionKey', 'old-tab-form-0001');
      return (await fetch(`${url}?_action=forum.reply`, { method: 'POST', body: form })).status;
    }, threadUrl);
    expect(status).toBe(403);
    await spammer.goto(`${site.server.url}/forum/qna`);
    expect(await spammer.locator('h1').textContent()).toBe('도입 Q&A');

    await admin.goto(`${site.server.url}/admin/audit`);
    const log = await admin.locator('table tbody').textContent();
    expect(log).toContain('이용 정지');
    expect(log).toContain('반복된 광고 게시');
    expect(log).toContain('신고 누적으로 자동 숨김');
    await expectAccessible(admin);
    await admin.goto(`${site.server.url}/admin`);
    await expectAccessible(admin);
    await admin.context().close();
  });

  it('admins find members, change a role (ending their sessions) and export their data', async () => {
    const mentor = await member('future.mentor@example.kr');
    const admin = await newPage(site.browser);
    expect(await signInInBrowser(admin, site.server.url, ADMIN.email, ADMIN.password)).toBe(302);
    await admin.goto(`${site.server.url}/admin/users?q=future.mentor`);
    await expectAccessible(admin);
    await admin.getByRole('link', { name: '김대표' }).click();
    await admin.locator('#role').selectOption({ label: '멘토' });
    expect(await submit(admin, '역할 저장')).toBe(302);
    expect(await admin.locator('.form-success').textContent()).toContain('저장했습니다');
    await expectAccessible(admin);

    await mentor.goto(`${site.server.url}/account`);
    expect(new URL(mentor.url()).pathname).toBe('/login');

    const exportUrl = `${site.server.url}${await admin.getByRole('link', { name: /개인정보 내보내기/ }).getAttribute('href')}`;
    const data = await admin.evaluate(async (url) => (await fetch(url)).json(), exportUrl);
    expect(data.profile.email).toBe('future.mentor@example.kr');
    expect(data.profile.role).toBe('mentor');
    expect(JSON.stringify(data)).not.toContain('passwordHash');
    await admin.goto(`${site.server.url}/admin/audit`);
    const log = await admin.locator('table tbody').textContent();
    expect(log).toContain('역할 변경');
    expect(log).toContain('개인정보 내보내기');
    await admin.context().close();
    await mentor.context().close();
  });

  it('a member deletes their account; their posts stay as 탈퇴한 회원', async () => {
    const leaver = await member('leaver@example.kr');
    await leaver.goto(`${site.server.url}/forum/free/new`);
    await leaver.locator('#field-title').fill('떠나기 전에 남기는 글');
    await leaver.locator('#field-body').fill('그동안 고마웠습니다.');
    expect(await submit(leaver, '등록')).toBe(302);
    const leaverThread = leaver.url().replace(/[?#].*$/, '');
    await leaver.goto(`${site.server.url}/account`);
    await leaver.locator('#field-accountPassword').fill('틀린 비밀번호를 넣어 봅니다');
    await leaver.locator('#field-confirm').check();
    expect(await submit(leaver, '탈퇴하기')).toBe(403);
    expect(await leaver.locator('#field-accountPassword-error').textContent()).toContain('비밀번호가 맞지 않습니다');
    await expectAccessible(leaver);
    await leaver.locator('#field-accountPassword').fill(PASSWORD);
    await leaver.locator('#field-confirm').check();
    expect(await submit(leaver, '탈퇴하기')).toBe(302);
    expect(await leaver.locator('.form-success').textContent()).toContain('탈퇴했습니다');
    await leaver.goto(leaverThread);
    expect(await leaver.locator('#post-1 .post-header').textContent()).toContain('탈퇴한 회원');
    expect(await leaver.locator('#post-1 .post-body').textContent()).toContain('그동안 고마웠습니다');
    expect(await signInInBrowser(leaver, site.server.url, 'leaver@example.kr', PASSWORD)).toBe(401);
    await leaver.context().close();
  });
});
