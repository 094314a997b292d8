// npm run bench:files — upload and serve throughput for a 5 MB PDF and a 4,000×3,000 JPEG,
// the re-encode time of that photo, and the server's memory (RSS) while 20 uploads of 5 MB
// run at once (it must stay bounded: files stream to disk and into 256 KB chunks).
// Runs the built server (npm run build first) on PGlite, or on PostgreSQL when
// BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set. BENCH_ROUNDS shrinks the runs.
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServer, tempDataDir, FormClient } from '../tests/helpers/server';
import { uploadFiles } from '../tests/helpers/uploads';
import { largeJpeg, pdf } from '../tests/helpers/file-fixtures';
import { processImage } from '../src/lib/files/images';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ADMIN = { email: 'bench@files.example.kr', password: '벤치마크 관리자 비밀번호 2026' };
const MB = 1024 * 1024;

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  // The helper reads TEST_DATABASE_URL when it is loaded, so load it after setting it.
  if (url) process.env.TEST_DATABASE_URL = url;
  const database = url ? await (await import('../tests/helpers/database')).createServerDatabase() : undefined;
  const dataDir = tempDataDir();
  const server = await startServer({
    ...(database ? { DATABASE_URL: database.url } : { DATA_DIR: dataDir, DATABASE_URL: '' }),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SAMPLE_CONTENT: 'off',
    FILES_STAFF_DAILY_MB: '100000',
  });
  const rows: [string, string][] = [];
  try {
    const client = new FormClient(server.url);
    const login = await client.post('/login?_action=signIn', ADMIN);
    if (login.status !== 302) throw new Error(`sign-in failed: ${login.status}`);
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const pid = server.process.pid!;
    const basePdf = pdf('bench', 5 * MB);
    const variant = (i: number) => {
      const copy = Buffer.from(basePdf);
      copy.write(String(i).padStart(8, '0'), 20, 'latin1'); // distinct content: no deduplication
      return copy;
    };

    // Upload 5 MB PDFs one after another.
    let started = performance.now();
    let pdfUrl = '';
    for (let i = 0; i < ROUNDS; i++) {
      const r = await uploadFiles(server.url, cookie, [{ name: `공고문 ${i}.pdf`, data: variant(i) }]);
      if (r.status !== 200) throw new Error(`upload: ${r.status} ${r.errors}`);
      pdfUrl = r.files[0]!.url;
    }
    let ms = (performance.now() - started) / ROUNDS;
    rows.push(['upload 5 MB PDF (one at a time)', `${ms.toFixed(0)} ms each, ${((5 / ms) * 1000).toFixed(1)} MB/s`]);

    // Serve it: sequential and 10 at once.
    started = performance.now();
    for (let i = 0; i < ROUNDS; i++) {
      const res = await fetch(server.url + pdfUrl, { headers: { cookie } });
      await res.arrayBuffer();
    }
    ms = (performance.now() - started) / ROUNDS;
    rows.push(['serve 5 MB PDF (one at a time)', `${ms.toFixed(0)} ms each, ${((5 / ms) * 1000).toFixed(1)} MB/s`]);
    started = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => fetch(server.url + pdfUrl, { headers: { cookie } }).then((r) => r.arrayBuffer())));
    ms = performance.now() - started;
    rows.push(['serve 5 MB PDF (10 at once)', `${ms.toFixed(0)} ms total, ${((50 / ms) * 1000).toFixed(1)} MB/s`]);

    // The photo: re-encode in this process, then upload and serve through the server.
    const photo = await largeJpeg(4000, 3000);
    const folder = mkdtempSync(path.join(tmpdir(), 'bench-files-'));
    const photoPath = path.join(folder, 'photo.jpg');
    writeFileSync(photoPath, photo);
    started = performance.now();
    for (let i = 0; i < ROUNDS; i++) await processImage(photoPath, 50_000_000);
    rows.push(['re-encode 4000×3000 JPEG (in process)', `${((performance.now() - started) / ROUNDS).toFixed(0)} ms (JPEG fallback + WebP 640/1280/2000)`]);
    rmSync(folder, { recursive: true, force: true });
    started = performance.now();
    let imageUrl = '';
    for (let i = 0; i < ROUNDS; i++) {
      const copy = Buffer.from(photo);
      copy.writeUInt8(i, copy.length - 3); // distinct bytes before the end marker
      const r = await uploadFiles(server.url, cookie, [{ name: `현장 ${i}.jpg`, data: copy }]);
      if (r.status !== 200) throw new Error(`photo upload: ${r.status} ${r.errors}`);
      imageUrl = r.files[0]!.url;
    }
    rows.push([`upload ${(photo.length / MB).toFixed(1)} MB 4000×3000 JPEG`, `${((performance.now() - started) / ROUNDS).toFixed(0)} ms each (includes re-encoding)`]);
    started = performance.now();
    let bytes = 0;
    for (let i = 0; i < ROUNDS * 4; i++) bytes += (await (await fetch(server.url + imageUrl, { headers: { cookie } })).arrayBuffer()).byteLength;
    ms = (performance.now() - started) / (ROUNDS * 4);
    rows.push([`serve the stored photo (${(bytes / ROUNDS / 4 / 1024).toFixed(0)} KB JPEG)`, `${ms.toFixed(1)} ms each`]);

    // Memory while 20 uploads of 5 MB run at once.
    const before = rssOf(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
    started = performance.now();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => uploadFiles(server.url, cookie, [{ name: `동시 ${i}.pdf`, data: variant(1000 + i) }])));
    ms = performance.now() - started;
    clearInterval(sampler);
    if (results.some((r) => r.status !== 200)) throw new Error('a concurrent upload failed');
    rows.push(['20 × 5 MB uploads at once', `${ms.toFixed(0)} ms total, ${((100 / ms) * 1000).toFixed(1)} MB/s`]);
    rows.push(['server RSS before → peak during them', `${(before / MB).toFixed(0)} MB → ${(peak / MB).toFixed(0)} MB (+${((peak - before) / MB).toFixed(0)} MB for 100 MB received)`]);
  } finally {
    await server.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nFiles benchmark — ${url ? 'PostgreSQL' : 'PGlite'}, ${ROUNDS} rounds\n`);
  console.log(`${'measure'.padEnd(width)} | result`);
  console.log(`${'-'.repeat(width)}-|-${'-'.repeat(50)}`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)} | ${v}`);
}

await main();
