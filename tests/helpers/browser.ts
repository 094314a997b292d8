// Debian's Chromium driven by playwright-core (never a downloaded browser), and axe.
import fs from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { CHROMIUM_PATH } from './requirements';
import { startServer, tempDataDir, type RunningServer } from './server';

// Playwright gives each launch a fresh temporary profile (--user-data-dir).
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** WCAG 2.x A and AA violations on the page, as readable strings (empty when clean). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`,
  );
}

/** A fresh context (no cookies) in Korean, in Seoul; optionally with JavaScript off. */
export async function newPage(browser: Browser, { javaScriptEnabled = true } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'ko-KR', timezoneId: 'Asia/Seoul', javaScriptEnabled });
  return context.newPage();
}

export async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page), page.url()).toEqual([]);
}

/** Submits the form that holds the button; returns the HTTP status of the POST (302 = done, then redirected). */
export async function submit(page: Page, buttonName: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: buttonName, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  return response.status();
}

/** Signs up through the form with the required fields; `expected` is the status the POST must get. */
export async function signUpInBrowser(
  page: Page,
  baseUrl: string,
  account: { email: string; password: string; displayName?: string; companyName?: string; handle?: string },
): Promise<number> {
  await page.goto(`${baseUrl}/signup`);
  await page.locator('#field-email').fill(account.email);
  await page.locator('#field-handle').fill(account.handle ?? handleFor(account.email));
  await page.locator('#field-password').fill(account.password);
  await page.locator('#field-passwordConfirm').fill(account.password);
  await page.locator('#field-displayName').fill(account.displayName ?? '김대표');
  await page.locator('#field-companyName').fill(account.companyName ?? '가라정밀(가칭)');
  await page.locator('#field-sigunCode').selectOption({ label: '군산시' });
  await page.locator('#field-agreePrivacy').check();
  await page.locator('#field-agreeTerms').check();
  return submit(page, '가입하기');
}

export async function signInInBrowser(page: Page, baseUrl: string, email: string, password: string): Promise<number> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#field-email').fill(email);
  await page.locator('#field-password').fill(password);
  return submit(page, '로그인');
}

/** A valid @handle made from an email address (tests only). */
export function handleFor(email: string): string {
  return email.toLowerCase().split('@')[0]!.replace(/[^a-z0-9_]/g, '_').slice(0, 20).padEnd(3, '_');
}


/**
 * For a describe block: the built server on a fresh embedded database plus Chromium, started
 * before its tests and stopped after. Read `site.server` and `site.browser` inside tests.
 */
export function useSiteInBrowser(env: Record<string, string> = {}) {
  const site = {} as { server: RunningServer; browser: Browser };
  let dataDir = '';
  beforeAll(async () => {
    dataDir = tempDataDir();
    [site.server, site.browser] = await Promise.all([
      startServer({ DATA_DIR: dataDir, DATABASE_URL: '', ...env }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await site.browser?.close();
    await site.server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return site;
}
