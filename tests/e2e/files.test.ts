// Files through the built server and Chromium: staff attach a HWP with a Korean name to a
// notice without JavaScript (a refused file is reported next to the field, the form kept),
// a visitor downloads it with its Korean name intact (suggestedFilename), headers and byte
// ranges, a member's photo in a post with JavaScript (GPS gone), access on the members-only
// board, 20 uploads at once, RSS enclosures, axe on the forms.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { available } from '../helpers/requirements';
import { budget } from '../helpers/budgets';
import { expectAccessible, newPage, signInInBrowser, signUpInBrowser, submit, useSiteInBrowser } from '../helpers/browser';
import { uploadFiles } from '../helpers/uploads';
import * as fx from '../helpers/file-fixtures';

const ADMIN = { email: 'staff@files.example.kr', password: '파일 담당자 비밀번호는 충분히 길게' };
const MEMBER = { email: 'member@files.example.kr', password: '회원 비밀번호도 충분히 길게 2026' };
const HWP_NAME = '2027년 스마트공장 지원사업 공고문(최종).hwp';

const cookieOf = async (page: Page) => (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

describe.skipIf(!available('chromium'))('files in Chromium', () => {
  const site = useSiteInBrowser({
    ...{ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, FILES_IMAGE_MAX_MB: '1', FILES_STAFF_IMAGE_MAX_MB: '1' },
    // The member posts right after signing up; confirmation by mail is tested in mail.test.ts.
    EMAIL_VERIFICATION: 'off',
  });
  const url = (path: string) => `${site.server.url}${path}`;
  let staffNoJs: Page;
  let member: Page;
  let guest: Page;
  let hwpUrl = '';

  beforeAll(async () => {
    staffNoJs = await newPage(site.browser, { javaScriptEnabled: false });
    member = await newPage(site.browser);
    guest = await newPage(site.browser);
    expect(await signInInBrowser(staffNoJs, site.server.url, ADMIN.email, ADMIN.password)).toBe(302);
    expect(await signUpInBrowser(member, site.server.url, MEMBER)).toBe(302);
  });

  it('staff attach files to a notice without JavaScript; a refused file is reported and nothing typed is lost', { timeout: budget({ upload: 4, page: 8, axe: 1 }) }, async () => {
    await staffNoJs.goto(url('/notices/manage/new'));
    await staffNoJs.locator('#field-title').fill('[시험] 2027년 스마트공장 지원사업 공고');
    await staffNoJs.locator('#field-body').fill('공고문과 신청서를 붙입니다.');
    await staffNoJs.locator('#field-category').selectOption({ label: '사업공고' });
    await staffNoJs.locator('#file-upload').setInputFiles([
      { name: HWP_NAME, mimeType: 'application/x-hwp', buffer: fx.hwp() },
      { name: '신청서.hwp', mimeType: 'application/x-hwp', buffer: fx.html() },
      { name: '큰 사진.png', mimeType: 'image/png', buffer: await fx.png(1800, 1800, true) },
    ]);
    expect(await submit(staffNoJs, '파일 올리기')).toBe(200);
    expect(await staffNoJs.locator('#field-title').inputValue()).toBe('[시험] 2027년 스마트공장 지원사업 공고');
    expect(await staffNoJs.locator('#field-body').inputValue()).toBe('공고문과 신청서를 붙입니다.');
    const errors = await staffNoJs.locator('#files-error').textContent();
    expect(errors).toContain('‘신청서.hwp’: HTML 등 웹 문서는 올릴 수 없습니다');
    const list = await staffNoJs.locator('[data-file-list]').textContent();
    expect(list).toContain(HWP_NAME);
    expect(list).toContain('한글(HWP)');

    // An image over the (here 1 MB) limit is refused with the size in Korean.
    await staffNoJs.locator('#file-upload').setInputFiles([{ name: 'huge.jpg', mimeType: 'image/jpeg', buffer: await fx.largeJpeg(2500, 2000) }]);
    expect(await submit(staffNoJs, '파일 올리기')).toBe(200);
    expect(await staffNoJs.locator('#files-error').textContent()).toMatch(/그림 파일은 1MB까지/);
    expect(await staffNoJs.locator('[data-file-list]').textContent()).toContain(HWP_NAME);
    expect(await staffNoJs.locator('#field-title').inputValue()).toBe('[시험] 2027년 스마트공장 지원사업 공고');
    expect(await staffNoJs.locator('#field-category').inputValue()).toBe('business');

    // A photo needs its description (KWCAG 1.1.1) before the notice can be saved.
    expect(await submit(staffNoJs, '지금 게시')).toBe(400);
    expect(await staffNoJs.locator('.form-error').first().textContent()).toContain('사진 ‘큰 사진.png’의 설명(대체 텍스트)을 적어 주세요.');
    await staffNoJs.locator('input[name=fileAlt]:not([type=hidden])').fill('사업 안내 포스터');
    expect(await submit(staffNoJs, '지금 게시')).toBe(302);
    expect(await staffNoJs.locator('.post-figure img').getAttribute('alt')).toBe('사업 안내 포스터');
    expect(staffNoJs.url()).toMatch(/\/notices\/\d+$/);
    const attachments = staffNoJs.locator('.attachments');
    expect(await attachments.textContent()).toMatch(/한글\(HWP\), \d+KB, 내려받기 0회/);
    hwpUrl = (await attachments.getByRole('link', { name: HWP_NAME }).getAttribute('href'))!;
    expect(hwpUrl).toMatch(/^\/files\/[0-9a-f]{64}\//);

    // The same form with JavaScript (files listed with ↑/↓/빼기 buttons) passes axe.
    const staff = await newPage(site.browser);
    expect(await signInInBrowser(staff, site.server.url, ADMIN.email, ADMIN.password)).toBe(302);
    await staff.goto(url(`/notices/manage/${staffNoJs.url().split('/').pop()}`));
    expect(await staff.getByRole('button', { name: `${HWP_NAME} 빼기` }).count()).toBe(1);
    await expectAccessible(staff);
    await staff.close();
  });

  it('a visitor downloads it in Chromium with the Korean filename; headers, ranges and the count', async () => {
    await guest.goto(url('/notices'));
    await guest.getByRole('link', { name: '[시험] 2027년 스마트공장 지원사업 공고' }).click();
    await expectAccessible(guest);
    const [download] = await Promise.all([guest.waitForEvent('download'), guest.getByRole('link', { name: HWP_NAME }).click()]);
    expect(download.suggestedFilename()).toBe(HWP_NAME);
    expect(await download.failure()).toBeNull();

    const res = await fetch(url(hwpUrl));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(HWP_NAME).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(fx.hwp());
    const etag = res.headers.get('etag')!;
    expect((await fetch(url(hwpUrl), { headers: { 'if-none-match': etag } })).status).toBe(304);
    const part = await fetch(url(hwpUrl), { headers: { range: 'bytes=512-1023' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 512-1023/${fx.hwp().length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(fx.hwp().subarray(512, 1024));
    expect((await fetch(url(hwpUrl), { headers: { range: 'bytes=99999-' } })).status).toBe(416);

    // Counters are the one thing a guest's kept copy may show old (views and downloads, at
    // most an hour): a member, whose pages are never kept, sees the two counted downloads.
    await member.goto(guest.url());
    expect(await member.locator('.attachments').textContent()).toMatch(/내려받기 2회/);
    const rss = await (await fetch(url('/notices/rss.xml'))).text();
    expect(rss).toMatch(new RegExp(`<enclosure url="https?://[^"/]+${hwpUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" length="${fx.hwp().length}" type="application/x-hwp"/>`));
  });

  it('a member adds a photo to a post with JavaScript: progress, description, ![설명](주소) in the text; GPS is gone', async () => {
    await member.goto(url('/forum/free/new'));
    await member.locator('#field-title').fill('[시험] 설비 모니터링 화면 사진');
    await member.locator('#field-body').fill('현장 사진입니다.');
    await member.locator('#file-upload').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: await fx.jpegWithGps(1200, 800) });
    const alt = member.locator('input[name=fileAlt]').first();
    await alt.waitFor();
    await expectAccessible(member);
    // Without a description the photo cannot go in.
    await member.getByRole('button', { name: '본문에 넣기' }).click();
    expect(await member.locator('#field-body').inputValue()).toBe('현장 사진입니다.');
    await alt.fill('MES 모니터링 화면');
    await member.getByRole('button', { name: '본문에 넣기' }).click();
    expect(await member.locator('#field-body').inputValue()).toMatch(/!\[MES 모니터링 화면\]\(\/files\/[0-9a-f]{64}\/IMG_0001\.jpg\)/);
    expect(await submit(member, '등록')).toBe(302);
    const img = member.locator('.post-body img');
    expect(await img.getAttribute('alt')).toBe('MES 모니터링 화면');
    const src = (await img.getAttribute('src'))!;
    const photo = await fetch(url(src));
    expect(photo.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(photo.headers.get('content-disposition')).toMatch(/^inline;/);
    const meta = await sharp(Buffer.from(await photo.arrayBuffer())).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([800, 1200]);
    await expectAccessible(member);
  });

  it('a file of the members-only board is not served to guests; 20 uploads at once all land', async () => {
    const cookie = await cookieOf(member);
    const uploaded = await uploadFiles(site.server.url, cookie, [{ name: '선배 자료.pdf', data: fx.pdf('alumni') }]);
    expect(uploaded.status).toBe(200);
    await member.goto(url('/forum/alumni/new'));
    await member.locator('#field-title').fill('[시험] 선배기업 자료');
    await member.locator('#field-body').fill('회원만 보는 자료입니다.');
    await member.evaluate((id) => {
      const input = Object.assign(document.createElement('input'), { type: 'hidden', name: 'fileId', value: String(id) });
      document.querySelector('form.stack')!.append(input);
    }, uploaded.files[0]!.id);
    expect(await submit(member, '등록')).toBe(302);
    expect(await member.locator('.attachments').textContent()).toContain('선배 자료.pdf');
    const fileUrl = uploaded.files[0]!.url;
    expect((await fetch(url(fileUrl))).status).toBe(404);
    expect((await fetch(url(fileUrl), { headers: { cookie } })).status).toBe(200);

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => uploadFiles(site.server.url, cookie, [{ name: `동시 ${i}.txt`, data: Buffer.from(`동시 업로드 ${i}\n`) }])),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.files[0]!.id)).size).toBe(20);
  });

  it('guests cannot upload; a cross-site upload is refused', async () => {
    expect((await uploadFiles(site.server.url, '', [{ name: 'a.txt', data: fx.txt() }])).status).toBe(401);
    const form = new FormData();
    form.append('upload', new Blob([fx.txt()]), 'a.txt');
    const res = await fetch(url('/files/upload'), { method: 'POST', body: form, headers: { cookie: await cookieOf(member), origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });

  it('an admin takes the HWP down everywhere at once; it is gone and on the audit log', async () => {
    const admin = await newPage(site.browser);
    expect(await signInInBrowser(admin, site.server.url, ADMIN.email, ADMIN.password)).toBe(302);
    await admin.goto(url('/admin/files'));
    await expectAccessible(admin);
    await admin.locator('#field-address').fill(url(hwpUrl));
    await admin.locator('#field-reason').fill('저작권자 요청');
    expect(await submit(admin, '모든 곳에서 삭제')).toBe(200);
    expect(await admin.locator('.form-success').textContent()).toContain('파일 1건');
    expect((await fetch(url(hwpUrl))).status).toBe(404);
    await admin.goto(url('/admin/audit'));
    expect(await admin.locator('table tbody').textContent()).toContain('파일 삭제 조치');
    await admin.close();
  });
});
