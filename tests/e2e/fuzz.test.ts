// Hostile input against the built server: nothing may answer 5xx, leak a parser's error or a
// stack, or bring the server down. The forms and actions are DISCOVERED, not listed: every
// action exported from src/actions (read from the source, as Astro reads it) and every <form>
// found by crawling the site as a guest, a member and an admin.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormClient, type RunningServer } from '../helpers/server';
import { useBuiltServer } from '../helpers/site';
import { budget } from '../helpers/budgets';
import { GOOD_PASSWORD, signInWithForm, signUpWithForm } from '../helpers/accounts';

const ADMIN = { email: 'fuzz-admin@example.kr', password: GOOD_PASSWORD };
const LEAK = /SyntaxError|Unexpected end of JSON|\n\s+at [\w.<>]+ \(|node:internal|PostgresError|invalid byte sequence/;

/** `forum.reply`, `signIn`, …: the keys Astro serves under /_actions/, from src/actions/*.ts. */
function discoverActionNames(): string[] {
  const dir = 'src/actions';
  const exported = new Map<string, string[]>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const block of source.matchAll(/export const (\w+) = \{([\s\S]*?)\n\};/g)) {
      exported.set(block[1]!, [...block[2]!.matchAll(/^ {2}(\w+): defineAction\(/gm)].map((m) => m[1]!));
    }
  }
  const server = fs.readFileSync(path.join(dir, 'index.ts'), 'utf8').match(/export const server = \{([\s\S]*?)\n\};/)![1]!;
  const names = [...(exported.get('server') ?? [])];
  for (const [, group] of server.matchAll(/^ {2}(\w+),$/gm)) {
    for (const action of exported.get(group!) ?? []) names.push(`${group}.${action}`);
  }
  return names;
}

interface FoundForm {
  page: string;
  method: string;
  action: string;
  fields: string[];
}

/** Links and forms of one HTML page. */
function readPage(html: string, page: string) {
  const links = new Set<string>();
  const forms: FoundForm[] = [];
  let form: FoundForm | undefined;
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'a' && attrs.href?.startsWith('/') && !attrs.href.startsWith('//')) links.add(attrs.href.split('#')[0]!);
      if (name === 'form') form = { page, method: (attrs.method ?? 'get').toLowerCase(), action: attrs.action ?? page, fields: [] };
      if (form && ['input', 'textarea', 'select', 'button'].includes(name) && attrs.name && !form.fields.includes(attrs.name)) form.fields.push(attrs.name);
    },
    onclosetag(name) {
      if (name === 'form' && form) {
        forms.push(form);
        form = undefined;
      }
    },
  });
  parser.write(html);
  parser.end();
  return { links: [...links], forms };
}

const SKIP_CRAWL = /^\/(_astro|pagefind|files)\/|\.(xml|csv|json|svg|png|jpg|webp|pdf)(\?|$)|^\/logout|[?&](page|dpage|after|before)=/;

async function crawl(client: FormClient, limit: number): Promise<FoundForm[]> {
  const queue = ['/', '/account', '/admin', '/moderation', '/notices/manage', '/notices/manage/new', '/checklists', '/forum', '/search?q=공장', '/notices/subscribe', '/password-reset'];
  const seen = new Set<string>();
  const forms: FoundForm[] = [];
  while (queue.length && seen.size < limit) {
    const page = queue.shift()!;
    if (seen.has(page) || SKIP_CRAWL.test(page)) continue;
    seen.add(page);
    const res = await client.get(page);
    expect(res.status, `GET ${page}`).toBeLessThan(500);
    if (!(res.headers.get('content-type') ?? '').includes('text/html')) continue;
    const found = readPage(await res.text(), page);
    forms.push(...found.forms);
    queue.push(...found.links.filter((l) => !seen.has(l)));
  }
  return forms;
}

const HUGE = 'ㄱ'.repeat(100_000);
const HOSTILE_TEXT = [`앞${'\0'}뒤`, HUGE, '99999999999999999999', '-1', '1e400', '{"a":1}', '<script>alert(1)</script>'];

function cookieOf(client: FormClient) {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

describe('hostile input on every form and action', () => {
  const site = useBuiltServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, EMAIL_VERIFICATION: 'off' });
  let server: RunningServer;
  beforeAll(() => {
    server = site.server;
  });
  const responses: { what: string; status: number; body: string }[] = [];

  async function send(what: string, client: FormClient | undefined, target: string, body: BodyInit | undefined, contentType: string | undefined) {
    const headers: Record<string, string> = { origin: server.url };
    if (contentType) headers['content-type'] = contentType;
    if (client) headers.cookie = cookieOf(client);
    let res: Response;
    let text: string;
    try {
      res = await fetch(server.url + target, { method: 'POST', headers, body, redirect: 'manual' });
      text = await res.text();
    } catch (error) {
      // A dropped connection instead of an answer counts as a failure too.
      responses.push({ what, status: 0, body: String((error as Error).cause ?? error) });
      return { status: 0, text: '' };
    }
    responses.push({ what, status: res.status, body: text });
    return { status: res.status, text };
  }

  it('answers the classic broken requests with a Korean 4xx', { timeout: budget({ request: 40 }) }, async () => {
    const rpc = '/_actions/signIn';
    const cases: [string, string, BodyInit | undefined, string | undefined, number][] = [
      ['empty JSON', rpc, '', 'application/json', 415],
      ['malformed JSON', rpc, '{"email":', 'application/json', 400],
      ['JSON with a lone surrogate', rpc, '{"email":"\\ud800"}', 'application/json', 400],
      ['JSON with NUL', rpc, '{"email":"a\\u0000b"}', 'application/json', 400],
      ['plain text', rpc, 'email=x', 'text/plain', 415],
      ['no content type', rpc, 'x', undefined, 415],
      ['NUL in a form field', '/login?_action=signIn', 'email=a%00%40b.kr&password=x', 'application/x-www-form-urlencoded', 400],
      ['malformed JSON to a page', '/login?_action=signIn', '{', 'application/json', 400],
      ['NUL in a checklist answer', '/checklists/smart-factory-readiness?_action=evaluateChecklist', 'templateId=smart-factory-readiness&templateVersion=1&answers.a=%00', 'application/x-www-form-urlencoded', 400],
      ['over 1 MB', '/login?_action=signIn', `email=${'a'.repeat(1_100_000)}`, 'application/x-www-form-urlencoded', 413],
      ['over 1 MB to an action call', rpc, `{"email":"${'a'.repeat(1_100_000)}"}`, 'application/json', 413],
    ];
    for (const [what, target, body, type, status] of cases) {
      const res = await send(what, undefined, target, body, type);
      expect(res.status, what).toBe(status);
      expect(res.text, what).toMatch(/[가-힣]/);
      expect(res.text, what).not.toMatch(LEAK);
    }
    // Over the limit without a length (chunked): still a 413 page, not a dropped connection.
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode(`a${i}=${'b'.repeat(100_000)}&`));
        controller.close();
      },
    });
    const res = await fetch(`${server.url}/login?_action=signIn`, {
      method: 'POST', body: chunked, duplex: 'half', headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('보낸 내용이 너무 큽니다');

    for (const [what, address, status, text] of [
      ['NUL in the query', '/search?q=%00', 400, '쓸 수 없는 문자'],
      ['NUL in the path', '/forum/t/%00', 400, '쓸 수 없는 문자'],
      ['half a surrogate pair in the query', '/search?q=%ED%A0%80', 400, '잘못된 주소'],
      ['a stray percent sign', '/notices?q=100%', 400, '잘못된 주소'],
    ] as const) {
      const page = await fetch(server.url + address);
      expect(page.status, what).toBe(status);
      expect(await page.text(), what).toContain(text);
    }
    // A NUL byte in a header never gets past Node's parser; it answers in Korean and closes.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Test: a\0b\r\n\r\n'));
      let answer = '';
      socket.on('data', (d) => (answer += d));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('잘못된 요청입니다');

    const huge = await fetch(`${server.url}/forum/p/99999999999`);
    expect(huge.status).toBeLessThan(500);
  });

  it('checks the role before the id, keeps the query on the way to sign-in, and lists notices in the sitemap', { timeout: budget({ request: 20 }) }, async () => {
    const admin = new FormClient(server.url);
    expect(await signInWithForm(admin, ADMIN.email, ADMIN.password)).toBe(302);
    const saved = await admin.post('/notices/manage/new?_action=notices.save', {
      title: '사이트맵에 오를 공지', body: '본문입니다.', category: 'business', licence: 'KOGL-1', intent: 'publish',
    });
    expect(saved.status).toBe(302);
    const noticeId = saved.headers.get('location')!.match(/\/notices\/(\d+)/)![1];
    expect(await (await fetch(`${server.url}/sitemap.xml`)).text()).toContain(`/notices/${noticeId}</loc>`);

    // A member learns nothing about which ids exist: 403 for a real and a missing notice alike.
    const member = new FormClient(server.url);
    await signUpWithForm(member);
    for (const id of [noticeId, '999999', '99999999999']) {
      const res = await member.get(`/notices/manage/${id}`);
      expect(res.status, id).toBe(403);
      expect(await res.text()).toContain('담당자와 관리자만');
    }
    expect((await admin.get('/notices/manage/999999')).status).toBe(404);

    const guest = await new FormClient(server.url).get('/checklists/history?from=account');
    expect(guest.status).toBe(302);
    expect(guest.headers.get('location')).toBe('/login?next=%2Fchecklists%2Fhistory%3Ffrom%3Daccount');

    // Endpoints refuse the one way (src/lib/http/refusal.ts): the upload widget reads `{ error }`.
    const upload = await fetch(`${server.url}/files/upload`, { method: 'POST', headers: { origin: server.url, 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--\r\n' });
    expect(upload.status).toBe(401);
    expect((await upload.json()).error).toContain('로그인한 회원만');
  });

  it('never answers 5xx to hostile values on any discovered form or action', { timeout: budget({ request: 240 }) }, async () => {
    const actionNames = discoverActionNames();
    expect(actionNames).toEqual(expect.arrayContaining(['signIn', 'signUp', 'saveChecklist', 'forum.reply', 'notices.save', 'moderation.review']));

    const guest = new FormClient(server.url);
    const member = new FormClient(server.url);
    await signUpWithForm(member);
    const admin = new FormClient(server.url);
    expect(await signInWithForm(admin, ADMIN.email, ADMIN.password)).toBe(302);

    const formsByRole: [string, FormClient, FoundForm[]][] = [];
    for (const [role, client] of [['guest', guest], ['member', member], ['admin', admin]] as const) {
      formsByRole.push([role, client, await crawl(client, 40)]);
    }
    const posted = formsByRole.flatMap(([, , forms]) => forms.filter((f) => f.method === 'post'));
    const formActions = new Set(posted.map((f) => new URL(f.action, server.url).searchParams.get('_action')).filter(Boolean));
    // The crawl reached the forms of the main areas (a guard against a crawl that finds nothing).
    expect(formActions).toEqual(expect.objectContaining({ size: expect.any(Number) }));
    for (const expected of ['signIn', 'evaluateChecklist', 'noticeSubscriptions.request', 'notices.save']) expect([...formActions]).toContain(expected);
    for (const name of formActions) expect(actionNames, `form posts to unknown action ${name}`).toContain(name);

    // Every discovered form, as the role that saw it, with each hostile value in every field.
    for (const [role, client, forms] of formsByRole) {
      const unique = new Map(forms.filter((f) => f.method === 'post' && !/signOut|deleteOwnAccount/.test(f.action)).map((f) => [`${f.action} ${f.fields.join(',')}`, f]));
      for (const form of unique.values()) {
        const target = new URL(form.action, server.url);
        const address = target.pathname + target.search;
        for (const value of HOSTILE_TEXT) {
          // Every field twice (an array where one value belongs); the 100,000-character value
          // in the first fields only (forms with 50 fields would send 90 MB, and bodies over
          // 64 MB are cut off on purpose, see src/lib/http/request-check.ts).
          const fields = value === HUGE ? form.fields.slice(0, 3) : form.fields;
          const body = new URLSearchParams(fields.flatMap((field) => [[field, value], [field, value]])).toString();
          await send(`${role} ${address} ${JSON.stringify(value.slice(0, 20))}`, client, address, body, 'application/x-www-form-urlencoded');
        }
        const multipart = new FormData();
        for (const field of form.fields) multipart.append(field, HUGE.slice(0, 5000));
        await send(`${role} ${address} multipart`, client, address, multipart, undefined);
      }
    }

    // Every action by its /_actions/ address, signed in as a member: broken bodies and wrong types.
    for (const name of actionNames) {
      if (/signOut|deleteOwnAccount/.test(name)) continue;
      const rpc = `/_actions/${name}`;
      for (const [label, body, type] of [
        ['empty JSON', '', 'application/json'],
        ['malformed JSON', '{"a":', 'application/json'],
        ['JSON of wrong types', JSON.stringify({ id: [1, 2], postId: { $gt: 1 }, threadId: 1e308, email: ['a'], title: 12, body: null, answers: 'x' }), 'application/json'],
        ['JSON with a lone surrogate', '{"title":"\\udc00"}', 'application/json'],
        ['XML', '<a/>', 'application/xml'],
        ['form of huge numbers', 'id=99999999999999&postId=1e400&threadId=-5&userId=2147483648', 'application/x-www-form-urlencoded'],
      ] as const) {
        await send(`${name} ${label}`, member, rpc, body, type);
      }
    }

    const failures = responses.filter((r) => r.status >= 500 || r.status === 0 || LEAK.test(r.body));
    expect(failures.map((f) => `${f.status} ${f.what}: ${f.body.slice(0, 200)}`)).toEqual([]);
    expect(responses.length).toBeGreaterThan(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.process.exitCode).toBeNull();
    expect(server.output()).not.toMatch(/Unexpected end of JSON|invalid byte sequence/);
  });
});
