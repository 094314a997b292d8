// Page benchmark: what a guest and a signed-in member get from the pages most visitors read
// (board, thread, case list, case, region, notice, search), beside a static file served by
// the same server in the same run, at 20 connections. Per page: req/s, p50/p99, the ratio to
// the static file, the bytes sent to a browser offering br and gzip (server/compression.mjs
// picks gzip for rendered pages, brotli for files), and the SQL statements the page runs
// (counted by a second start of the server with PORTAL_QUERY_COUNT=1, so the load runs uncounted).
// Also the server's RSS idle and the highest seen under load. Search is measured twice: one
// query repeated (its discussion results kept after the first) and with nothing kept.
// Run: npm run build && npm run bench:pages -- [--db pg|pglite|both] [--quick]
// (PostgreSQL needs BENCH_DATABASE_URL or TEST_DATABASE_URL naming a server where a scratch
// database may be created.) --quick: 2,000 threads / 20,000 posts and 3 s per row.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase, type Database } from '../src/lib/db/client';
import { createSession } from '../src/lib/auth/session';
import { createUser } from '../src/lib/auth/user';
import { measure, seedForum, startBenchServer, type BenchServer, type Seeded } from './bench-shared';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const dbArg = args.includes('--db') ? args[args.indexOf('--db') + 1] : 'both';
if (!['pg', 'pglite', 'both'].includes(dbArg ?? '')) throw new Error('--db takes pg, pglite or both');
const THREADS = Number(process.env.BENCH_THREADS ?? (quick ? 2_000 : 10_000));
const POSTS = Number(process.env.BENCH_POSTS ?? (quick ? 20_000 : 100_000));
const DURATION = Number(process.env.BENCH_SECONDS ?? (quick ? 3 : 10));
const CONNECTIONS = 20;
const MIGRATIONS = path.resolve('drizzle');
const BROWSER = { 'accept-encoding': 'br, gzip' };

interface Row {
  page: string;
  viewer: 'guest' | 'member' | '-';
  rps: number;
  p50: number;
  p99: number;
  ratio: number;
  bytes?: number;
  queries?: number;
}

/** A member with a session made directly in the database; returns the cookie header. */
async function memberCookie(db: Database): Promise<string> {
  const user = await createUser(
    db,
    { email: 'bench-member@example.kr', handle: 'benchmember', password: '벤치마크 회원 비밀번호 2026', displayName: '벤치 회원', companyName: '벤치정밀(가칭)', sigunCode: '52130', industry: '기계' },
    { privacy: '2026-12-01', terms: '2026-12-01' },
  );
  if (!user) throw new Error('bench member could not be created');
  return `session=${await createSession(db, user.id)}`;
}

/** Size on the wire and the status of one GET (body bytes as sent, not decoded). */
function wire(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let bytes = 0;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, body: Buffer.concat(chunks).toString('utf8') }));
      })
      .on('error', reject);
  });
}

/** Finds a case, a notice and a thread to measure, from the pages themselves. */
async function targetsFor(url: string, seeded: Seeded): Promise<Record<string, string>> {
  const first = async (list: string, pattern: RegExp) => {
    const { body } = await wire(`${url}${list}`, {});
    const found = body.match(pattern)?.[1];
    if (!found) throw new Error(`no link matching ${pattern} on ${list}`);
    return found;
  };
  return {
    board: `/forum/${seeded.boardSlug}`,
    thread: `/forum/t/${seeded.smallThread}`,
    'case list': '/cases',
    case: await first('/cases', /href="(\/cases\/[a-z0-9-]+\/?)"/),
    region: '/regions/52130',
    notice: await first('/notices', /href="(\/notices\/\d+)"/),
    search: `/search?q=${encodeURIComponent('공장')}`,
  };
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
}

async function bench(label: string, env: Record<string, string>, cookie: string, seeded: Seeded) {

  // 1. Queries per page, on a server that counts them.
  const counting = await startBenchServer({ ...env, PORTAL_QUERY_COUNT: '1' });
  const targets = await targetsFor(counting.url, seeded);
  const queries = new Map<string, number>();
  for (const [name, target] of Object.entries(targets)) {
    for (const [viewer, headers] of [['guest', {}], ['member', { cookie }]] as const) {
      await wire(`${counting.url}${target}`, headers); // warm (first-use caches)
      const { status, body } = await wire(`${counting.url}${target}`, headers);
      if (status !== 200) throw new Error(`${viewer} ${target}: ${status}`);
      queries.set(`${name}/${viewer}`, Number(body.match(/<!-- queries: (\d+) -->/)?.[1] ?? NaN));
    }
  }
  await counting.stop();

  // 2. Load, on a plain server.
  const server: BenchServer = await startBenchServer(env);
  for (const target of Object.values(targets)) await wire(`${server.url}${target}`, BROWSER);
  await new Promise((r) => setTimeout(r, 1000));
  const idle = rssMb(server.pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 250);
  const rows: Row[] = [];
  const staticPath = '/favicon.svg';
  const baseline = await measure(`${server.url}${staticPath}`, CONNECTIONS, DURATION, BROWSER);
  rows.push({ page: `static file (${staticPath})`, viewer: '-', ...baseline, ratio: 1, bytes: (await wire(`${server.url}${staticPath}`, BROWSER)).bytes });
  for (const [name, target] of Object.entries(targets)) {
    for (const [viewer, headers] of [['guest', BROWSER], ['member', { ...BROWSER, cookie }]] as const) {
      const r = await measure(`${server.url}${target}`, CONNECTIONS, DURATION, headers);
      const { bytes } = await wire(`${server.url}${target}`, headers);
      rows.push({ page: name, viewer, ...r, ratio: r.rps / baseline.rps, bytes, queries: queries.get(`${name}/${viewer}`) });
    }
  }
  clearInterval(sampler);
  await server.stop();

  // 3. Search with nothing kept (PAGE_CACHE_MB=0): what a query nobody asked since the last
  // write in its boards costs. The rows above repeat one query, so they mostly read kept results.
  const search = targets.search!;
  const uncachedEnv = { ...env, PAGE_CACHE_MB: '0' };
  const countingUncached = await startBenchServer({ ...uncachedEnv, PORTAL_QUERY_COUNT: '1' });
  const uncachedQueries = new Map<string, number>();
  for (const [viewer, headers] of [['guest', {}], ['member', { cookie }]] as const) {
    await wire(`${countingUncached.url}${search}`, headers);
    const { body } = await wire(`${countingUncached.url}${search}`, headers);
    uncachedQueries.set(viewer, Number(body.match(/<!-- queries: (\d+) -->/)?.[1] ?? NaN));
  }
  await countingUncached.stop();
  const uncached = await startBenchServer(uncachedEnv);
  await measure(`${uncached.url}${search}`, CONNECTIONS, 1, BROWSER); // warm, as the rows above are by then
  for (const [viewer, headers] of [['guest', BROWSER], ['member', { ...BROWSER, cookie }]] as const) {
    const r = await measure(`${uncached.url}${search}`, CONNECTIONS, DURATION, headers);
    const { bytes } = await wire(`${uncached.url}${search}`, headers);
    rows.push({ page: 'search, nothing kept', viewer, ...r, ratio: r.rps / baseline.rps, bytes, queries: uncachedQueries.get(viewer) });
  }
  await uncached.stop();

  console.log(`\n${label} — ${CONNECTIONS} connections, ${DURATION} s a row, ${THREADS} threads / ${POSTS} posts`);
  console.log('| page | viewer | req/s | p50 ms | p99 ms | × static | bytes sent | queries |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.page} | ${r.viewer} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.ratio.toFixed(2)} | ${r.bytes ?? ''} | ${r.queries ?? ''} |`);
  }
  console.log(`RSS: ${idle.toFixed(0)} MB idle, ${peak.toFixed(0)} MB at most under load`);
}

if (!fs.existsSync('dist/server/entry.mjs')) throw new Error('Run `npm run build` first.');
console.log(`Page benchmark${quick ? ' (quick)' : ''}: ${os.cpus().length} cores`);

if (dbArg === 'pg' || dbArg === 'both') {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    if (dbArg === 'pg') throw new Error('--db pg needs BENCH_DATABASE_URL or TEST_DATABASE_URL');
    console.log('\n(no BENCH_DATABASE_URL or TEST_DATABASE_URL: PostgreSQL skipped)');
  } else {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    const name = `portal_bench_pages_${Date.now()}`;
    await admin.unsafe(`create database "${name}"`);
    const dbUrl = new URL(serverUrl);
    dbUrl.pathname = `/${name}`;
    try {
      const handle = await openDatabase({ databaseUrl: dbUrl.href, migrationsFolder: MIGRATIONS });
      console.log('\nPostgreSQL: seeding…');
      const seeded = await seedForum(handle.db, { threads: THREADS, posts: POSTS });
      const cookie = await memberCookie(handle.db);
      await handle.close();
      await bench('PostgreSQL', { DATABASE_URL: dbUrl.href }, cookie, seeded);
    } finally {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  }
}

if (dbArg === 'pglite' || dbArg === 'both') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-pages-'));
  try {
    // One process at a time may open the folder: seed and make the member, close, then serve.
    const handle = await openDatabase({ dataDir, migrationsFolder: MIGRATIONS });
    console.log('\nPGlite: seeding…');
    const seeded = await seedForum(handle.db, { threads: THREADS, posts: POSTS });
    const cookie = await memberCookie(handle.db);
    await handle.close();
    await bench('PGlite (embedded)', { DATA_DIR: dataDir, DATABASE_URL: '' }, cookie, seeded);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
