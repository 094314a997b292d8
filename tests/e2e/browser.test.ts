// What a person does in a real browser (Debian's Chromium): sign up, sign out, sign in,
// get a password wrong, hit the sign-in limit, change the password, sign out everywhere.
// Every page on the way is checked with axe (WCAG 2.x A/AA).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { available } from '../helpers/requirements';
import { budget } from '../helpers/budgets';
import { expectAccessible, useSiteInBrowser, newPage as openPage, signInInBrowser, signUpInBrowser, submit } from '../helpers/browser';

const PASSWORD = '군산 프레스 라인의 새벽 다섯 시';
const NEW_PASSWORD = '완주 사출 공장의 스마트한 오후';

describe.skipIf(!available('chromium'))('in Chromium', () => {
  const site = useSiteInBrowser();

  const newPage = () => openPage(site.browser);

  async function signUp(page: Page, email: string, expected = 302) {
    expect(await signUpInBrowser(page, site.server.url, { email, password: PASSWORD })).toBe(expected);
  }

  const signIn = (page: Page, email: string, password: string) => signInInBrowser(page, site.server.url, email, password);

  it('public pages pass axe in light and dark schemes and fit a 360 px phone', { timeout: budget({ axe: 32, page: 3 }) }, async () => {
    const page = await newPage();
    // The last one is refused (a NUL byte in the query): the Korean 400 page.
    const paths = ['/', '/signup', '/login', '/privacy', '/terms', '/email-policy', '/cases', '/regions', '/forum', '/checklists', '/notices', '/search', '/patents', '/mentors', '/no-such-page', '/search?q=%00'];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const pathname of paths) {
        await page.goto(site.server.url + pathname);
        await expectAccessible(page);
      }
    }
    await page.setViewportSize({ width: 360, height: 740 });
    for (const pathname of ['/', '/signup', '/privacy']) {
      await page.goto(site.server.url + pathname);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, pathname).toBeLessThanOrEqual(0);
    }
    await page.context().close();
  });

  it('the skip link is the first stop for the keyboard and lands on the main content', async () => {
    const page = await newPage();
    await page.goto(`${site.server.url}/`);
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    await expect.poll(() => focused.textContent()).toBe('본문 바로가기');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.context().close();
  });

  it('sign-up keeps what was typed on an error, then creates the account and signs in', async () => {
    const page = await newPage();
    await page.goto(`${site.server.url}/signup`);
    await page.locator('#field-email').fill('ceo@gunsan.example.kr');
    await page.locator('#field-handle').fill('Gunsan_CEO');
    await page.locator('#field-password').fill(PASSWORD);
    await page.locator('#field-passwordConfirm').fill('다른 비밀번호를 넣었어요');
    await page.locator('#field-displayName').fill('김대표');
    await page.locator('#field-companyName').fill('가라정밀(가칭)');
    await page.locator('#field-sigunCode').selectOption({ label: '군산시' });
    await page.locator('#field-industry').selectOption({ label: '자동차부품' });
    // Consents left unticked on purpose.
    expect(await submit(page, '가입하기')).toBe(400);
    await expect.poll(() => page.locator('#field-agreePrivacy-error').textContent()).toContain('개인정보 수집·이용에 동의');
    expect(await page.locator('#field-agreeTerms-error').textContent()).toContain('이용약관에 동의');
    expect(await page.locator('#field-email').inputValue()).toBe('ceo@gunsan.example.kr');
    expect(await page.locator('#field-handle').inputValue()).toBe('Gunsan_CEO');
    expect(await page.locator('#field-companyName').inputValue()).toBe('가라정밀(가칭)');
    expect(await page.locator('#field-sigunCode').inputValue()).toBe('52130');
    expect(await page.locator('#field-industry').inputValue()).toBe('자동차부품');
    expect(await page.locator('#field-password').inputValue()).toBe(''); // never echoed
    await expectAccessible(page);

    // A common password is refused next to the field, in Korean.
    await page.locator('#field-password').fill('qwertyuiop');
    await page.locator('#field-passwordConfirm').fill('qwertyuiop');
    await page.locator('#field-agreePrivacy').check();
    await page.locator('#field-agreeTerms').check();
    expect(await submit(page, '가입하기')).toBe(400);
    expect(await page.locator('#field-password-error').textContent()).toContain('흔히 쓰이는 비밀번호');
    expect(await page.locator('#field-agreePrivacy').isChecked()).toBe(true);

    await page.locator('#field-password').fill(PASSWORD);
    await page.locator('#field-passwordConfirm').fill(PASSWORD);
    expect(await submit(page, '가입하기')).toBe(302);
    expect(page.url()).toMatch(/\/members\/\d+\?welcome=1$/);
    await expect.poll(() => page.locator('main').textContent()).toContain('가입을 환영합니다');
    expect(await page.locator('.account-nav').textContent()).toContain('김대표님');
    await expectAccessible(page);

    // The same email cannot sign up twice; the message sits by the email field.
    const other = await newPage();
    await signUp(other, 'CEO@gunsan.example.kr', 409);
    expect(await other.locator('#field-email-error').textContent()).toContain('이미 가입된 이메일');
    await other.context().close();

    await page.goto(`${site.server.url}/account`);
    await expectAccessible(page);
    await page.context().close();
  });

  it('signs out, refuses a wrong password, and signs in again', async () => {
    const page = await newPage();
    await signUp(page, 'jeonju@example.kr');
    await submit(page, '로그아웃');
    expect(await page.locator('.account-nav').textContent()).toContain('로그인');
    await page.goto(`${site.server.url}/account`);
    expect(new URL(page.url()).pathname).toBe('/login');

    expect(await signIn(page, 'jeonju@example.kr', '틀린 비밀번호입니다만')).toBe(401);
    expect(await page.locator('.form-error').textContent()).toContain('이메일 또는 비밀번호가 맞지 않습니다');
    expect(await page.locator('#field-email').inputValue()).toBe('jeonju@example.kr');
    await expectAccessible(page);

    await page.goto(`${site.server.url}/login?next=/account`);
    await page.locator('#field-email').fill('JEONJU@example.kr');
    await page.locator('#field-password').fill(PASSWORD);
    expect(await submit(page, '로그인')).toBe(302);
    expect(new URL(page.url()).pathname).toBe('/account');
    await page.context().close();
  });

  it('stops guessing after five wrong passwords with a Korean message and 429', async () => {
    const page = await newPage();
    await signUp(page, 'iksan@example.kr');
    await submit(page, '로그아웃');
    for (let i = 0; i < 5; i++) expect(await signIn(page, 'iksan@example.kr', `wrong password ${i}`)).toBe(401);
    expect(await signIn(page, 'iksan@example.kr', PASSWORD)).toBe(429);
    expect(await page.locator('.form-error').textContent()).toContain('로그인 시도가 너무 많습니다');
    await expectAccessible(page);
    await page.context().close();
  });

  it('changes the password (re-authenticating) and signs out everywhere', async () => {
    const laptop = await newPage();
    await signUp(laptop, 'wanju@example.kr');
    const phone = await newPage();
    expect(await signIn(phone, 'wanju@example.kr', PASSWORD)).toBe(302);
    const tablet = await newPage();
    expect(await signIn(tablet, 'wanju@example.kr', PASSWORD)).toBe(302);

    await laptop.goto(`${site.server.url}/account`);
    await laptop.locator('#field-currentPassword').fill('이건 지금 비밀번호가 아님');
    await laptop.locator('#field-password').fill(NEW_PASSWORD);
    await laptop.locator('#field-passwordConfirm').fill(NEW_PASSWORD);
    expect(await submit(laptop, '비밀번호 변경')).toBe(403);
    expect(await laptop.locator('#field-currentPassword-error').textContent()).toContain('맞지 않습니다');

    await laptop.locator('#field-currentPassword').fill(PASSWORD);
    await laptop.locator('#field-password').fill(NEW_PASSWORD);
    await laptop.locator('#field-passwordConfirm').fill(NEW_PASSWORD);
    expect(await submit(laptop, '비밀번호 변경')).toBe(302);
    expect(await laptop.locator('.form-success').textContent()).toContain('비밀번호를 바꿨습니다');
    // The phone was signed out by the change; the laptop stays in.
    await phone.goto(`${site.server.url}/account`);
    expect(new URL(phone.url()).pathname).toBe('/login');
    expect(await signIn(phone, 'wanju@example.kr', NEW_PASSWORD)).toBe(302);

    await laptop.goto(`${site.server.url}/account`);
    expect(await laptop.locator('#sessions-title + p').textContent()).toContain('2');
    await submit(laptop, '모든 기기에서 로그아웃');
    expect(await laptop.locator('.form-success').textContent()).toContain('모든 기기에서 로그아웃했습니다');
    await expectAccessible(laptop);
    for (const page of [laptop, phone, tablet]) {
      await page.goto(`${site.server.url}/account`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.context().close();
    }
  });

  it('edits the profile and shows it at its stable address', async () => {
    const page = await newPage();
    await signUp(page, 'gimje@example.kr');
    const profileUrl = page.url().replace(/\?.*$/, '');
    await page.goto(`${site.server.url}/account`);
    await page.locator('#field-displayName').fill('');
    expect(await submit(page, '프로필 저장')).toBe(400);
    expect(await page.locator('#field-displayName-error').textContent()).toContain('표시 이름을 입력해 주세요');
    expect(await page.locator('#field-companyName').inputValue()).toBe('가라정밀(가칭)');
    await page.locator('#field-displayName').fill('김제농기계 대표');
    await page.locator('#field-sigunCode').selectOption({ label: '김제시' });
    await page.locator('#field-industry').selectOption({ label: '농기계' });
    expect(await submit(page, '프로필 저장')).toBe(302);
    await page.goto(profileUrl);
    const main = await page.locator('main').textContent();
    expect(main).toContain('김제농기계 대표');
    expect(main).toContain('김제시');
    expect(main).toContain('농기계');
    await expectAccessible(page);
    await page.context().close();
  });
});
