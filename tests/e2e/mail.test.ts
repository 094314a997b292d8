// Mail end to end: the built server sends to a real SMTP server started here, and the test
// reads what arrives. Sign-up confirmation and the posting block, password reset in
// Chromium (single use, 30 minutes on a moved clock, every session ended), the same answer
// for registered and unknown addresses, one-click unsubscribe without signing in, an SMTP
// outage (mails wait, then go out once) and a failure an admin retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { available } from '../helpers/requirements';
import { expectAccessible, newPage, signInInBrowser, signUpInBrowser, submit, useSiteInBrowser } from '../helpers/browser';
import { FormClient } from '../helpers/server';
import { headerOf, linkIn, startSmtp } from '../helpers/smtp';

const PASSWORD = '메일 시험용 비밀번호 2026';
const NEW_PASSWORD = '새로 정한 비밀번호 전주 2027';
const ADMIN = { email: 'admin@mail.example.kr', password: '관리자 비밀번호는 충분히 길게' };

const smtp = await startSmtp();
// Links in mails start with SITE_URL (never the request's Host header); the test server
// answers on a port of its own, so the test opens each link's path there.
const SITE = 'http://localhost:4321';

describe.skipIf(!available('chromium'))('mail in Chromium with a real SMTP server', () => {
  const site = useSiteInBrowser({
    SMTP_URL: smtp.url,
    MAIL_FROM: '전북 스마트CEO포럼 <no-reply@mail.example.kr>',
    MAIL_POLL_MS: '200',
    // Retries after 0.3, 0.6, 1.2 … s: a mail gives up after about 19 s of failures — time
    // enough for the outage test to bring the SMTP server back on a busy machine, and short
    // enough for the failed-mail test to see one give up.
    MAIL_RETRY_BASE_MS: '300',
    MAIL_MAX_ATTEMPTS: '7',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SAMPLE_CONTENT: 'off',
  });
  let member: Page;
  let admin: Page;
  afterAll(async () => {
    await smtp.stop();
  });
  beforeAll(async () => {
    member = await newPage(site.browser);
    admin = await newPage(site.browser);
    expect(await signInInBrowser(admin, site.server.url, ADMIN.email, ADMIN.password)).toBe(302);
  });

  const mailTo = (to: string, subject: string) => smtp.waitFor((m) => m.to === to && m.subject.includes(subject));
  const path = (url: URL) => `${site.server.url}${url.pathname}${url.search}`;

  it('sign-up sends a confirmation link; until it is opened the member reads and saves checklists but cannot post', async () => {
    expect(await signUpInBrowser(member, site.server.url, { email: 'new@mail.example.kr', password: PASSWORD, handle: 'new_member' })).toBe(302);
    expect((await member.getByRole('status').allTextContents()).join(' ')).toContain('확인 메일을 보냈습니다');
    const mail = await mailTo('new@mail.example.kr', '이메일 주소를 확인해 주세요');
    expect(mail.text).toContain('가입을 마치시려면');

    await member.goto(`${site.server.url}/forum/free/new`);
    expect((await member.getByRole('alert').allTextContents()).join(' ')).toContain('이메일 주소를 확인한 뒤에 글을 쓸 수 있습니다');
    expect(await member.locator('#field-title').count()).toBe(0);
    // A post sent anyway is refused by the action too.
    const refused = await member.evaluate(async () => {
      const form = new FormData();
      form.set('board', 'free'); form.set('title', '제목'); form.set('body', '본문'); form.set('submissionKey', 'abcdefgh1234');
      return (await fetch('/forum/free/new?_action=forum.createThread', { method: 'POST', body: form })).status;
    });
    expect(refused).toBe(403);

    // Opening the link shows a button; pressing it confirms.
    await member.goto(path(linkIn(mail, '/verify-email/')));
    await expectAccessible(member);
    expect(await submit(member, '이메일 주소 확인')).toBe(200);
    expect((await member.getByRole('status').allTextContents()).join(' ')).toContain('이메일 주소를 확인했습니다');
    await member.goto(`${site.server.url}/forum/free/new`);
    expect(await member.locator('#field-title').count()).toBe(1);
  });

  it('resets a forgotten password in Chromium: mail, link, new password, every old session ended; the link works once', async () => {
    const laptop = await newPage(site.browser);
    expect(await signInInBrowser(laptop, site.server.url, 'new@mail.example.kr', PASSWORD)).toBe(302);

    const phone = await newPage(site.browser);
    await phone.goto(`${site.server.url}/login`);
    await phone.getByRole('link', { name: '비밀번호를 잊으셨나요?' }).click();
    await expectAccessible(phone);
    await phone.locator('#field-email').fill('NEW@mail.example.kr');
    expect(await submit(phone, '재설정 링크 받기')).toBe(302);
    expect((await phone.getByRole('status').allTextContents()).join(' ')).toContain('가입된 주소라면');

    const mail = await mailTo('new@mail.example.kr', '비밀번호 재설정');
    expect(mail.text).toContain('30분');
    expect(mail.html).toContain('새 비밀번호 정하기');
    const link = linkIn(mail, '/password-reset/');
    expect(link.origin).toBe(SITE);
    await phone.goto(path(link));
    await expectAccessible(phone);
    await phone.locator('#field-password').fill(NEW_PASSWORD);
    await phone.locator('#field-passwordConfirm').fill('다른 비밀번호 입력 실수');
    expect(await submit(phone, '비밀번호 바꾸기')).toBe(400);
    await phone.locator('#field-password').fill(NEW_PASSWORD);
    await phone.locator('#field-passwordConfirm').fill(NEW_PASSWORD);
    expect(await submit(phone, '비밀번호 바꾸기')).toBe(302);
    expect(new URL(phone.url()).pathname).toBe('/login');
    expect((await phone.getByRole('status').allTextContents()).join(' ')).toContain('새 비밀번호를 정했습니다');

    // Both devices were signed out (the member page's own session, too).
    for (const page of [laptop, member]) {
      await page.goto(`${site.server.url}/account`);
      expect(new URL(page.url()).pathname).toBe('/login');
    }
    expect(await signInInBrowser(phone, site.server.url, 'new@mail.example.kr', PASSWORD)).toBe(401);
    expect(await signInInBrowser(phone, site.server.url, 'new@mail.example.kr', NEW_PASSWORD)).toBe(302);

    // Used once: refused afterwards.
    const again = await phone.goto(path(link));
    expect(again!.status()).toBe(410);
    expect((await phone.getByRole('alert').allTextContents()).join(' ')).toContain('만료되었거나 이미 사용되었습니다');
    await laptop.context().close();
    await phone.context().close();
  });

  it('refuses a reset link after 30 minutes (server clock moved ahead)', async () => {
    const client = new FormClient(site.server.url);
    const before = smtp.to('new@mail.example.kr').length;
    expect((await client.post('/password-reset?_action=requestPasswordReset', { email: 'new@mail.example.kr' })).status).toBe(302);
    await smtp.waitFor(() => smtp.to('new@mail.example.kr').length > before);
    const mail = smtp.to('new@mail.example.kr').at(-1)!;
    expect(mail.subject).toContain('비밀번호 재설정');
    const link = path(linkIn(mail, '/password-reset/'));
    expect((await fetch(link)).status).toBe(200);
    try {
      await fetch(`${site.server.url}/api/test/clock?offsetMs=${29 * 60_000}`);
      expect((await fetch(link)).status).toBe(200);
      await fetch(`${site.server.url}/api/test/clock?offsetMs=${31 * 60_000}`);
      expect((await fetch(link)).status).toBe(410);
      const token = link.split('/').at(-1)!;
      const res = await client.post(`/password-reset/${token}?_action=resetPassword`, { token, password: '삼십일 분 뒤의 비밀번호', passwordConfirm: '삼십일 분 뒤의 비밀번호' });
      expect(res.status).toBe(410);
    } finally {
      await fetch(`${site.server.url}/api/test/clock?offsetMs=0`);
    }
  });

  it('answers a reset request the same way, in about the same time, for registered and unknown addresses', async () => {
    async function ask(email: string) {
      const client = new FormClient(site.server.url);
      const started = performance.now();
      const res = await client.post('/password-reset?_action=requestPasswordReset', { email });
      const ms = performance.now() - started;
      const page = await client.get(res.headers.get('location') ?? '/');
      return { status: res.status, location: res.headers.get('location'), body: (await page.text()).replace(/data-astro-cid-\w+/g, ''), ms };
    }
    const registered = await ask(ADMIN.email);
    const unknown = await ask('nobody-here@mail.example.kr');
    expect(unknown.status).toBe(registered.status);
    expect(unknown.location).toBe(registered.location);
    expect(unknown.body).toBe(registered.body);
    expect(Math.abs(unknown.ms - registered.ms)).toBeLessThan(250);
    await mailTo(ADMIN.email, '비밀번호 재설정');
    expect(smtp.to('nobody-here@mail.example.kr')).toHaveLength(0);
  });

  it('unsubscribes in one click without signing in (RFC 8058), and from the page with JavaScript off', async () => {
    const mail = smtp.to('new@mail.example.kr').at(-1)!;
    expect(headerOf(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const target = headerOf(mail, 'List-Unsubscribe')!.replace(/^<|>$/g, '');
    expect(target).toBe(linkIn(mail, '/mail/unsubscribe').href);
    // What a mail provider sends: a cross-site POST, no cookies, no Origin of ours.
    const res = await fetch(path(new URL(target)), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.provider.example' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);

    const kindLink = `${path(new URL(target))}&kind=mention`;
    const viewer = await newPage(site.browser);
    await viewer.goto(kindLink);
    await expectAccessible(viewer);
    await viewer.context().close();
    const guest = await newPage(site.browser, { javaScriptEnabled: false });
    await guest.goto(kindLink);
    expect(await submit(guest, '수신 거부')).toBe(200);
    expect((await guest.getByRole('status').allTextContents()).join(' ')).toContain('수신을 거부했습니다');

    expect(await signInInBrowser(guest, site.server.url, 'new@mail.example.kr', NEW_PASSWORD)).toBe(302);
    await guest.goto(`${site.server.url}/account`);
    for (const kind of ['reply', 'mention', 'accepted', 'warning']) {
      expect(await guest.locator(`input[name="${kind}"][value="never"]`).isChecked()).toBe(true);
    }
    // Settings work without JavaScript.
    await guest.locator('input[name="mention"][value="immediate"]').check();
    expect(await submit(guest, '메일 설정 저장')).toBe(302);
    expect(await guest.locator('input[name="mention"][value="immediate"]').isChecked()).toBe(true);
    await guest.context().close();
  });

  /** The admin outbox's rows in one state, as text ('' when there are none). */
  async function outboxRows(status: 'pending' | 'failed'): Promise<string> {
    await admin.goto(`${site.server.url}/admin/outbox?status=${status}`);
    return (await admin.locator('tbody tr').allTextContents()).join(' ').trim();
  }

  it('keeps mails while the SMTP server is down and sends each once when it is back', async () => {
    await smtp.stop();
    const client = new FormClient(site.server.url);
    try {
      expect((await client.post('/password-reset?_action=requestPasswordReset', { email: ADMIN.email })).status).toBe(302);
      // The delivery loop tries, cannot connect, and keeps the mail for a later try.
      await expect.poll(() => outboxRows('pending'), { timeout: 30_000 }).toContain('연결하지 못함');
    } finally {
      await smtp.start();
    }
    const count = smtp.to(ADMIN.email).length;
    await smtp.waitFor(() => smtp.to(ADMIN.email).length > count, 20_000);
    // Nothing pending any more: every delivery of that mail has been made, and there was one.
    await expect.poll(() => outboxRows('pending'), { timeout: 30_000 }).toBe('');
    expect(smtp.to(ADMIN.email)).toHaveLength(count + 1);
  });

  it('shows a mail that failed every try to admins, who send it again', async () => {
    await smtp.stop();
    try {
      const client = new FormClient(site.server.url);
      expect((await client.post('/password-reset?_action=requestPasswordReset', { email: 'new@mail.example.kr' })).status).toBe(302);
      await expect.poll(() => outboxRows('failed'), { timeout: 60_000, message: 'the mail never failed' }).not.toBe('');
      await expectAccessible(admin);
    } finally {
      await smtp.start();
    }
    const count = smtp.to('new@mail.example.kr').length;
    expect(await submit(admin, '다시 보내기')).toBe(302);
    expect((await admin.getByRole('status').allTextContents()).join(' ')).toContain('다시 보냅니다');
    await smtp.waitFor(() => smtp.to('new@mail.example.kr').length > count);
    await admin.goto(`${site.server.url}/admin/audit?action=mail.retry`);
    expect((await admin.locator('tbody').allTextContents()).join(' ')).toContain('실패한 메일 다시 보내기');
  });
});
