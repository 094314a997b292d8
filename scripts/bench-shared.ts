// Shared by the page benchmarks (bench-forum.ts, bench-pages.ts): the seeded discussion
// data, the built server started as in production, and the load generator.
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../src/lib/db/client';
import { boards, posts, threads, users } from '../src/lib/db/schema';
import { renderMemberMarkdown } from '../src/lib/markdown';
import { searchTokens } from '../src/lib/forum/search-tokens';
import { THREADS_PER_PAGE, encodeCursor } from '../src/lib/forum/threads';

const WORDS = ['스마트공장', '생산관리', '불량률', '설비', '데이터', '공정', '납기', '원가', '멘토', 'MES', 'POP', '바코드', '작업표준', '품질', '검사', '재고', '금형', '사출', '프레스', '센서', '모니터링', '교육', '현장', '대표', '도입', '준비', '예산', '공급기업', '유지보수', '리드타임'];
const ENDINGS = ['을 도입했습니다.', '의 개선이 컸습니다.', '이 문제였습니다.', '에 대해 묻고 싶습니다.', '를 먼저 정비하세요.', '부터 시작했습니다.'];

// A deterministic pool of Korean paragraphs, rendered once and reused.
export function bodyPool(size: number) {
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

export interface SeedSizes {
  threads: number;
  posts: number;
}

export interface Seeded {
  boardSlug: string;
  bigThread: number;
  smallThread: number;
  deepCursor: string;
  deepPage: number;
  bigThreadPosts: number;
  authorId: number;
}

/**
 * Seeds `threads` threads and `posts` Korean posts on the `free` board: one big thread of
 * min(10,000, posts/2) posts, the rest spread evenly.
 */
export async function seedForum(db: Database, { threads: THREADS, posts: POSTS }: SeedSizes): Promise<Seeded> {
  const BIG_THREAD_POSTS = Math.min(10_000, POSTS / 2);
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
  return { boardSlug: 'free', bigThread: threadIds[0]!, smallThread: threadIds[5]!, deepCursor: encodeCursor(anchor!), deepPage, bigThreadPosts: BIG_THREAD_POSTS, authorId: author!.id };
}

export interface BenchServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the built server (server/index.mjs) on a random port and waits for /healthz. */
export async function startBenchServer(env: Record<string, string>): Promise<BenchServer> {
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
    pid: child.pid!,
    stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }),
  };
}

/** autocannon for `duration` seconds; any non-2xx answer or error fails the run. */
export async function measure(url: string, connections: number, duration: number, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections, duration, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

