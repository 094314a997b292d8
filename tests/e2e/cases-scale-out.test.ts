// Two instances of the built server on one PostgreSQL database: both import the case files at
// start-up without tripping over each other, and a case published on one instance is found
// through the other instance's search index within 30 s; withdrawn, it leaves it as fast.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { available } from '../helpers/requirements';
import { createServerDatabase } from '../helpers/database';
import { budget } from '../helpers/budgets';
import { searchServedIndex, searchUntil } from '../helpers/pagefind-client';

const SLUG = 'muju-scaleout-tapioca-line-pop';
const WORD = '타피오카펄';

describe.skipIf(!available('postgres'))('case search across two instances, one PostgreSQL', () => {
  let a: RunningServer;
  let b: RunningServer;
  let database: Awaited<ReturnType<typeof createServerDatabase>>;
  let casesDir: string;

  beforeAll(async () => {
    database = await createServerDatabase();
    casesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-scaleout-cases-'));
    // Started together: both import content/cases and build the first index at once.
    [a, b] = await Promise.all([startServer({ DATABASE_URL: database.url }), startServer({ DATABASE_URL: database.url })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    fs.rmSync(casesDir, { recursive: true, force: true });
  });

  it('publish on A, found through B within 30 s; withdraw on A, gone from B within 30 s', { timeout: budget({ request: 200, background: 2 }) }, async () => {
    const url = `/cases/${SLUG}/`;
    const cases = fs.readdirSync('content/cases').filter((f) => f.endsWith('.md')).length;
    for (const server of [a, b]) expect((await (await fetch(`${server.url}/cases/rss.xml`)).text()).match(/<item>/g)).toHaveLength(cases);
    expect(await searchServedIndex(b.url, WORD)).not.toContain(url);

    const file = fs
      .readFileSync('content/cases/muju-furniture-cnc-mes.md', 'utf8')
      .replace(/^title: .*$/m, 'title: "무주 타피오카펄 음료 공장, 생산 실적을 POP로 모으다"')
      .concat(`\n${WORD} 충전 라인의 실적을 태블릿으로 모은다.\n`);
    fs.writeFileSync(path.join(casesDir, `${SLUG}.md`), file);
    const imported = await fetch(`${a.url}/api/test/cases?import=${encodeURIComponent(casesDir)}`);
    expect(imported.status).toBe(200);
    // B shows it at once (pages read the database) and finds it once the index follows.
    expect((await fetch(`${b.url}${url}`)).status).toBe(200);
    const found = await searchUntil(b.url, WORD, (urls) => urls.includes(url));
    expect(found.urls).toContain(url);
    expect(found.afterMs).toBeLessThan(30_000);

    expect((await fetch(`${a.url}/api/test/cases?slug=${SLUG}&state=withdrawn`)).status).toBe(200);
    expect((await fetch(`${b.url}${url}`)).status).toBe(404);
    const gone = await searchUntil(b.url, WORD, (urls) => !urls.includes(url));
    expect(gone.urls).not.toContain(url);
    expect(gone.afterMs).toBeLessThan(30_000);
  });
});
