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
import postgres from 'postgres';
import { openDatabase } from '../src/lib/db/client';
import { measure as measureFor, seedForum, startBenchServer as startServer, type Seeded } from './bench-shared';

const THREADS = Number(process.env.BENCH_THREADS ?? 10_000);
const POSTS = Number(process.env.BENCH_POSTS ?? 100_000);
const BIG_THREAD_POSTS = Math.min(10_000, POSTS / 2);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const MIGRATIONS = path.resolve('drizzle');

const seed = (db: Parameters<typeof seedForum>[0]) => seedForum(db, { threads: THREADS, posts: POSTS });
const measure = (url: string, connections: number) => measureFor(url, connections, DURATION);

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

function targetsFor(s: Seeded) {
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
