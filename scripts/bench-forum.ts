// Discussion benchmark: seeds 10,000 threads and 100,000 Korean posts (one thread of
// 10,000), starts the built server on PostgreSQL and on PGlite, and measures with
// autocannon at 1 and 20 connections: board page 1, the deepest board page, a thread page
// of 20 posts, the last page of the 10,000-post thread, a discussion search — beside a
// static file served by the same server in the same run.
// Run: npm run build && npm run bench:forum   (BENCH_DATABASE_URL or TEST_DATABASE_URL names a
// PostgreSQL server where a scratch database may be created; without one, PGlite only.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/lib/db/client';
import { boards, posts, threads, users } from '../src/lib/db/schema';
import { eq } from 'drizzle-orm';
import { renderMemberMarkdown } from '../src/lib/markdown';
import { searchTokens } from '../src/lib/forum/search-tokens';
import { THREADS_PER_PAGE, encodeCursor } from '../src/lib/forum/threads';

const THREADS = Number(process.env.BENCH_THREADS ?? 10_000);
const POSTS = Number(process.env.BENCH_POSTS ?? 100_000);
const BIG_THREAD_POSTS = Math.min(10_000, POSTS / 2);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const MIGRATIONS = path.resolve('drizzle');

const WORDS = ['스마트공장', '생산관리', '불량률', '설비', '데이터', '공정', '납기', '원가', '멘토', 'MES', 'POP', '바코드', '작업표준', '품질', '검사', '재고', '금형', '사출', '프레스', '센서', '모니터링', '교육', '현장', '대표', '도입', '준비', '예산', '공급기업', '유지보수', '리드타임'];
const ENDINGS = ['을 도입했습니다.', '의 개선이 컸습니다.', '이 문제였습니다.', '에 대해 묻고 싶습니다.', '를 먼저 정비하세요.', '부터 시작했습니다.'];

// A deterministic pool of Korean paragraphs, rendered once and reused.
function bodyPool(size: number) {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: size }, () => {
    const sentences = Array.from({ length: 4 + Math.floor(next() * 6) }, () => {
      const a = WORDS[Math.floor(next() * WORDS.length)]!;
      const b = WORDS[Math.floor(next() * WORDS.length)]!;
      return `${a} ${b}${ENDINGS[Math.floor(next() * ENDINGS.length)]}`;
    });
    const source = sentences.join(' ');
    return { bodySource: source, bodyHtml: renderMemberMarkdown(source), searchText: searchTokens(source) };
  });
}

async function seed(db: Database): Promise<{ boardSlug: string; bigThread: number; smallThread: number; deepCursor: string; deepPage: number }> {
  const started = Date.now();
  const [author] = await db
    .insert(users)
    .values({ email: 'bench@example.kr', handle: 'bench', passwordHash: 'x', displayName: '벤치 회원', companyName: '벤치정밀(가칭)' })
    .returning();
  const [board] = await db.select().from(boards).where(eq(boards.slug, 'free'));
  const pool = bodyPool(300);
  const base = Date.now() - THREADS * 60_000;
  const perThread = Math.floor((POSTS - BIG_THREAD_POSTS) / (THREADS - 1));
  // Threads, in batches.
  const threadIds: number[] = [];
  for (let i = 0; i < THREADS; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, THREADS - i) }, (_, k) => {
      const n = i + k;
      const count = n === 0 ? BIG_THREAD_POSTS : perThread;
      const at = new Date(base + n * 60_000);
      return {
        boardId: board!.id,
        authorId: author!.id,
        title: `${WORDS[n % WORDS.length]} 질문 ${n}: ${WORDS[(n * 7) % WORDS.length]} 어떻게 하나요`,
        postCount: count,
        lastPostAt: at,
        lastPosterId: author!.id,
        createdAt: at,
      };
    });
    threadIds.push(...(await db.insert(threads).values(rows).returning({ id: threads.id })).map((r) => r.id));
  }
  // Posts, in batches of 2,000 rows.
  let batch: (typeof posts.$inferInsert)[] = [];
  const flush = async () => {
    if (batch.length) await db.insert(posts).values(batch);
    batch = [];
  };
  let p = 0;
  for (let t = 0; t < threadIds.length; t++) {
    const count = t === 0 ? BIG_THREAD_POSTS : perThread;
    for (let number = 1; number <= count; number++) {
      const body = pool[p++ % pool.length]!;
      batch.push({
        threadId: threadIds[t]!,
        number,
        authorId: author!.id,
        searchTitle: number === 1 ? searchTokens(`${WORDS[t % WORDS.length]} 질문`) : '',
        ...body,
      });
      if (batch.length >= 2000) await flush();
    }
  }
  await flush();
  await db.execute(sql`analyze`);
  const deepPage = Math.ceil(THREADS / THREADS_PER_PAGE);
  // The cursor that opens the last page of the board (what "다음 글 목록" links lead to).
  const [anchor] = await db
    .select({ id: threads.id, lastPostAt: threads.lastPostAt })
    .from(threads)
    .where(eq(threads.boardId, board!.id))
    .orderBy(sql`last_post_at desc, id desc`)
    .offset((deepPage - 1) * THREADS_PER_PAGE - 1)
    .limit(1);
  console.log(`  seeded ${THREADS} threads and ${p} posts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { boardSlug: 'free', bigThread: threadIds[0]!, smallThread: threadIds[5]!, deepCursor: encodeCursor(anchor!), deepPage };
}

async function startServer(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const port = 4500 + Math.floor(Math.random() * 400);
  const child = spawn(process.execPath, ['server/index.mjs'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }),
  };
}

async function measure(url: string, connections: number) {
  const result = await autocannon({ url, connections, duration: DURATION });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function run(label: string, url: string, targets: Record<string, string>) {
  console.log(`\n${label}`);
  console.log('| endpoint | conns | req/s | p50 ms | p99 ms | req/s vs static |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const connections of [1, 20]) {
    const baseline = await measure(`${url}${targets.static}`, connections);
    for (const [name, target] of Object.entries(targets)) {
      const r = name === 'static' ? baseline : await measure(`${url}${target}`, connections);
      console.log(`| ${name} | ${connections} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${(r.rps / baseline.rps).toFixed(2)} |`);
    }
  }
}

function targetsFor(s: Awaited<ReturnType<typeof seed>>) {
  return {
    static: '/favicon.svg',
    'board page 1': `/forum/${s.boardSlug}`,
    [`board page ${s.deepPage} (last)`]: `/forum/${s.boardSlug}?after=${s.deepCursor}`,
    'thread page (20 posts)': `/forum/t/${s.smallThread}`,
    'last page of 10,000-post thread': `/forum/t/${s.bigThread}?page=${Math.ceil(BIG_THREAD_POSTS / 20)}`,
    'search "공장"': `/search?q=${encodeURIComponent('공장')}`,
    'search "품질관리"': `/search?q=${encodeURIComponent('품질관리')}`,
    'search "스마트 공장"': `/search?q=${encodeURIComponent('스마트 공장')}`,
    'search "ㅅㅁㅌ"': `/search?q=${encodeURIComponent('ㅅㅁㅌ')}`,
  };
}

if (!fs.existsSync('dist/server/entry.mjs')) throw new Error('Run `npm run build` first.');
console.log(`Discussion benchmark: ${THREADS} threads, ${POSTS} posts, ${DURATION} s per measurement, ${os.cpus().length} cores`);

const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
if (serverUrl) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const name = `portal_bench_${Date.now()}`;
  await admin.unsafe(`create database "${name}"`);
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${name}`;
  try {
    const handle = await openDatabase({ databaseUrl: dbUrl.href, migrationsFolder: MIGRATIONS });
    console.log('\nPostgreSQL: seeding…');
    const seeded = await seed(handle.db);
    await handle.close();
    if (process.env.BENCH_SEED_ONLY !== '1') {
      const server = await startServer({ DATABASE_URL: dbUrl.href });
      await run('PostgreSQL', server.url, targetsFor(seeded));
      await server.stop();
    }
  } finally {
    // BENCH_KEEP_DATABASE=1 keeps the seeded database for EXPLAIN ANALYZE.
    if (process.env.BENCH_KEEP_DATABASE === '1') console.log(`kept ${dbUrl.href}`);
    else await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
} else {
  console.log('\n(no BENCH_DATABASE_URL or TEST_DATABASE_URL: PostgreSQL skipped)');
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-'));
try {
  const handle = await openDatabase({ dataDir, migrationsFolder: MIGRATIONS });
  console.log('\nPGlite: seeding…');
  const seeded = await seed(handle.db);
  await handle.close();
  const server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' });
  await run('PGlite (embedded)', server.url, targetsFor(seeded));
  await server.stop();
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
