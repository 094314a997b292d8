// 공고 mail subscriptions end to end, as a guest without JavaScript, on two built instances
// sharing one PostgreSQL and delivering to a real SMTP server: subscribe through the form,
// confirm by the mailed link, staff publish on instance A, the guest gets exactly one mail
// (both instances' delivery loops race for it), and its one-click unsubscribe works without
// signing in. A member manages theirs in Chromium (axe on every state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { FormClient, startServer, type RunningServer } from '../helpers/server';
import { available } from '../helpers/requirements';
import { createServerDatabase } from '../helpers/database';
import { headerOf, linkIn, startSmtp, type TestSmtp } from '../helpers/smtp';
import { budget } from '../helpers/budgets';
import { expectAccessible, launchBrowser, newPage, signInInBrowser, submit } from '../helpers/browser';

const STAFF = { email: 'staff@subscribe.example.kr', password: '공고 구독 담당자 비밀번호 2026' };
const GUEST = 'guest.reader@example.kr';

/** The visible text of a page, without tags. */
function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe.skipIf(!available('postgres'))('notice subscriptions on two instances, one PostgreSQL', () => {
  let a: RunningServer;
  let b: RunningServer;
  let smtp: TestSmtp;
  let database: Awaited<ReturnType<typeof createServerDatabase>>;
  let sql: ReturnType<typeof postgres>;

  beforeAll(async () => {
    smtp = await startSmtp();
    database = await createServerDatabase();
    sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, MAIL_POLL_MS: '50', SAMPLE_CONTENT: 'off', ADMIN_EMAIL: STAFF.email, ADMIN_PASSWORD: STAFF.password };
    // One after the other: the first runs the migrations and creates the admin account.
    a = await startServer(env);
    b = await startServer(env);
  }, budget({ process: 2 }));
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await sql?.end();
    await database?.drop();
    await smtp?.stop();
  });

  async function publish(staff: FormClient, fields: { title: string; category: string; sigunCode: string }) {
    const res = await staff.post('/notices/manage/new?_action=notices.save', {
      ...fields,
      body: '참여 기업을 모집합니다. 자세한 내용은 첨부를 보세요.',
      licence: 'KOGL-1',
      intent: 'publish',
    });
    expect(res.status, await res.clone().text()).toBe(302);
  }

  /** Waits until both loops have looked at every notice and every queued mail is sent. */
  async function settled(notices: number) {
    await expect
      .poll(async () => (await sql`select count(*)::int as n from mail_jobs where key like 'notice:%'`)[0]!.n, { timeout: 30_000 })
      .toBe(notices);
    await expect.poll(async () => (await sql`select count(*)::int as n from mail_outbox where status <> 'sent'`)[0]!.n, { timeout: 30_000 }).toBe(0);
  }

  it('a guest subscribes through the form, confirms by mail, gets one mail per matching notice, and unsubscribes without signing in', { timeout: budget({ request: 30, background: 2 }) }, async () => {
    const guest = new FormClient(b.url);
    const list = await guest.get('/notices');
    expect(await list.text()).toContain('href="/notices/subscribe"');
    expect((await guest.get('/notices/subscribe')).status).toBe(200);

    // A wrong address: a Korean error, and the form keeps what was typed and ticked.
    const wrong = await guest.post('/notices/subscribe?_action=noticeSubscriptions.request', { email: 'guest.reader@', categories: 'business', sigunCodes: '52110' });
    expect(wrong.status).toBe(400);
    const wrongPage = await wrong.text();
    expect(wrongPage).toContain('올바른 이메일 주소 형식이 아닙니다');
    expect(wrongPage).toContain('value="guest.reader@"');
    expect(wrongPage).toMatch(/value="business" checked/);
    expect(wrongPage).toMatch(/value="52110" checked/);

    const asked = await guest.post('/notices/subscribe?_action=noticeSubscriptions.request', { email: GUEST, categories: 'business', sigunCodes: '52110' });
    expect(asked.status).toBe(200);
    expect(textOf(await asked.text())).toContain(`${GUEST} 주소로 확인 메일을 보냈습니다`);

    const confirmation = await smtp.waitFor((m) => m.to === GUEST && m.subject.includes('구독을 확인해 주세요'), 30_000);
    expect(confirmation.text).toContain('구독 조건 — 분야: 사업공고 / 시·군: 전주시');

    // Staff publish before the guest confirms: nothing goes to an unconfirmed address.
    const staff = new FormClient(a.url);
    expect((await staff.post('/login?_action=signIn', STAFF)).status).toBe(302);
    await publish(staff, { title: '확인 전에 게시한 전주시 사업공고', category: 'business', sigunCode: '52110' });
    await settled(1);

    const link = linkIn(confirmation, '/notices/subscribe/confirm');
    const confirmPath = `${link.pathname}${link.search}`;
    const confirmPage = await guest.get(confirmPath);
    expect(confirmPage.status).toBe(200);
    expect(textOf(await confirmPage.text())).toContain(`${GUEST} 주소로 새 공고 알림 메일을 받으시겠습니까?`);
    const confirmed = await guest.post(`${confirmPath}&_action=noticeSubscriptions.confirm`, { token: link.searchParams.get('token')! });
    expect(confirmed.status).toBe(200);
    expect(textOf(await confirmed.text())).toContain('구독이 시작되었습니다');

    // One notice outside the chosen 분야, one that matches: exactly one mail arrives.
    await publish(staff, { title: '전주시 스마트공장 설명회', category: 'event', sigunCode: '52110' });
    await publish(staff, { title: '전주시 스마트공장 구축 지원사업 2차 모집', category: 'business', sigunCode: '52110' });
    const announced = await smtp.waitFor((m) => m.to === GUEST && m.subject.includes('새 공고'), 30_000);
    await settled(3);
    const notices = smtp.to(GUEST).filter((m) => m.subject.includes('새 공고'));
    expect(notices.map((m) => m.subject)).toEqual([expect.stringContaining('전주시 스마트공장 구축 지원사업 2차 모집')]);
    expect(announced.text).toContain('구독 조건 — 분야: 사업공고 / 시·군: 전주시');
    expect(announced.html).toContain('공고 알림 메일 그만 받기');
    expect(headerOf(announced, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // The unsubscribe link, without signing in: the page asks; the mail program's one-click POST stops it.
    const unsubscribe = new URL(/<([^>]+)>/.exec(headerOf(announced, 'List-Unsubscribe')!)![1]!);
    const stranger = new FormClient(a.url);
    const page = await stranger.get(`${unsubscribe.pathname}${unsubscribe.search}`);
    expect(page.status).toBe(200);
    expect(textOf(await page.text())).toContain('새 공고 알림 메일을 그만 받으시겠습니까?');
    const oneClick = await fetch(`${b.url}${unsubscribe.pathname}${unsubscribe.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect((await stranger.get(`${unsubscribe.pathname}${unsubscribe.search}`)).status).toBe(404);

    await publish(staff, { title: '해지 뒤의 전주시 사업공고', category: 'business', sigunCode: '52110' });
    await settled(4);
    expect(smtp.to(GUEST).filter((m) => m.subject.includes('새 공고'))).toHaveLength(1);
  });

  it.skipIf(!available('chromium'))(
    'a member saves and removes their subscription in Chromium (a plain form post); a guest’s form with a wrong address keeps what was typed',
    { timeout: budget({ axe: 5, page: 10 }) },
    async () => {
      const browser = await launchBrowser();
      try {
        const guest = await newPage(browser);
        await guest.goto(`${a.url}/notices/subscribe`);
        await expectAccessible(guest);
        // Chromium's own check lets `guest@example` through (no dot is needed there); the server's does not.
        await guest.getByLabel('이메일 주소').fill('guest@example');
        await guest.getByLabel('행사·교육').check();
        expect(await submit(guest, '확인 메일 받기')).toBe(400);
        expect(await guest.getByRole('alert').first().textContent()).toContain('입력한 내용을 확인해 주세요');
        expect(await guest.getByLabel('이메일 주소').inputValue()).toBe('guest@example');
        expect(await guest.getByLabel('행사·교육').isChecked()).toBe(true);
        await expectAccessible(guest);

        const member = await newPage(browser);
        expect(await signInInBrowser(member, a.url, STAFF.email, STAFF.password)).toBe(302);
        await member.goto(`${a.url}/notices/subscribe`);
        await member.getByLabel('성과').check();
        await member.getByLabel('군산시').check();
        expect(await submit(member, '구독 조건 저장')).toBe(200);
        expect(await member.locator('.form-success').textContent()).toContain('구독 조건을 저장했습니다');
        expect(await member.locator('main').textContent()).toContain('지금 구독 중: 분야: 성과 / 시·군: 군산시');
        expect(await member.getByLabel('성과').isChecked()).toBe(true);
        await expectAccessible(member);
        const [row] = await sql`select categories::text[] as categories, sigun_codes from notice_subscriptions s join users u on u.id = s.user_id where u.email = ${STAFF.email}`;
        expect(row).toEqual({ categories: ['result'], sigun_codes: ['52130'] });

        expect(await submit(member, '구독 해지')).toBe(200);
        expect(await member.locator('.form-success').textContent()).toContain('구독을 해지했습니다');
        await expectAccessible(member);
        expect((await sql`select count(*)::int as n from notice_subscriptions where user_id is not null`)[0]!.n).toBe(0);
      } finally {
        await browser.close();
      }
    },
  );
});
