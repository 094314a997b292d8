import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../src/lib/db/client';
import { readSampleDiscussions, seedSampleDiscussions } from '../src/lib/samples/discussions';
import { readSampleNotices, seedSampleNotices } from '../src/lib/samples/notices';
import { readSampleMentors, seedSampleMentors } from '../src/lib/samples/mentors';
import { listedProfiles } from '../src/lib/mentors/profiles';
import { createConsultation } from '../src/lib/consultations/consultations';
import { createNotice } from '../src/lib/notices/notices';
import { readSampleProgramme, seedSampleProgramme } from '../src/lib/samples/programme';
import { loadProgramme } from '../src/lib/programme';
import { saveAdoptions } from '../src/lib/figures/figures';
import { announcements, cases, consultations, mentorProfiles, threads, users } from '../src/lib/db/schema';
import { importCaseDir } from '../src/lib/cases/import';
import { boardBySlug } from '../src/lib/forum/boards';
import { createThread } from '../src/lib/forum/posts';
import { makeUser } from './helpers/accounts';
import { MIGRATIONS, templateTarball } from './helpers/pglite-template';
import { budget } from './helpers/budgets';

describe('sample content', () => {
  it('the shipped sample discussions are valid and seed only into an empty forum', { timeout: budget({ database: 2 }) }, async () => {
    const samples = readSampleDiscussions('content/samples/discussions.json')!;
    const handle = await openDatabase({ migrationsFolder: MIGRATIONS, loadDataDir: templateTarball() });
    try {
      const made = await seedSampleDiscussions(handle.db, samples);
      expect(made).toBe(samples.threads.length);
      expect(await seedSampleDiscussions(handle.db, samples)).toBe(0);
      const rows = await handle.db.select().from(threads);
      expect(rows.every((t) => t.sample)).toBe(true);
      expect(rows.some((t) => t.acceptedPostId)).toBe(true);
      const sampleUsers = await handle.db.select().from(users).where(eq(users.sample, true));
      expect(sampleUsers.every((u) => u.passwordHash === '!sample')).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('npm run samples:remove deletes sample files and sample discussions, and keeps real content', { timeout: budget({ database: 3, process: 1 }) }, async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-samples-'));
    fs.mkdirSync(path.join(root, 'content/cases'), { recursive: true });
    fs.mkdirSync(path.join(root, 'content/samples'), { recursive: true });
    const sample = fs.readFileSync('content/cases/gunsan-auto-parts-press-mes.md', 'utf8');
    fs.writeFileSync(path.join(root, 'content/cases/sample.md'), sample);
    fs.writeFileSync(path.join(root, 'content/cases/real.md'), sample.replace('sample: true', 'sample: false'));
    fs.copyFileSync('content/samples/programme.json', path.join(root, 'content/samples/programme.json'));
    fs.copyFileSync('content/samples/discussions.json', path.join(root, 'content/samples/discussions.json'));
    fs.copyFileSync('content/samples/notices.json', path.join(root, 'content/samples/notices.json'));
    fs.copyFileSync('content/samples/mentors.json', path.join(root, 'content/samples/mentors.json'));
    const dataDir = path.join(root, 'data');

    // A database with the samples and one real member's thread.
    let handle = await openDatabase({ dataDir, migrationsFolder: MIGRATIONS, loadDataDir: templateTarball() });
    await seedSampleDiscussions(handle.db, readSampleDiscussions('content/samples/discussions.json')!);
    await seedSampleNotices(handle.db, readSampleNotices('content/samples/notices.json')!);
    await seedSampleProgramme(handle.db, readSampleProgramme('content/samples/programme.json')!);
    // A figure a 시·군 담당자 entered is real and stays.
    await saveAdoptions(handle.db, { actor: null, changes: [{ year: 2025, sigun: '52110', adopted: 11, previous: 9 }], source: 'form' });
    const mentorSamples = readSampleMentors('content/samples/mentors.json')!;
    expect(await seedSampleMentors(handle.db, mentorSamples)).toBe(mentorSamples.mentors.length);
    expect(await seedSampleMentors(handle.db, mentorSamples)).toBe(0);
    expect((await listedProfiles(handle.db, {}, new Date())).every((r) => r.profile.sample)).toBe(true);
    expect((await handle.db.select().from(consultations)).map((c) => [c.state, c.sample, c.rating])).toEqual([['completed', true, 5]]);
    const real = await makeUser(handle.db);
    const realRequest = await createConsultation(handle.db, { requester: real, now: new Date(), fields: { companyName: '진짜기업', contactName: null, contactPhone: null, sigunCode: '52110', industry: null, topics: ['품질'], preferredDates: null, description: '남아야 합니다', assessmentId: null } });
    const board = (await boardBySlug(handle.db, 'free'))!;
    const { threadId } = await createThread(handle.db, { boardId: board.id, authorId: real.id, title: '진짜 글', body: '남아야 합니다', sigunCode: null, industry: null, submissionKey: 'real-thread' });
    await createNotice(handle.db, {
      fields: { title: '진짜 공지', body: '남아야 합니다', category: 'general', sigunCode: null, licence: 'KOGL-1', deadline: null, attachments: [] },
      publication: { status: 'published', publishAt: new Date() },
      authorId: real.id,
      now: new Date(),
    });
    // Both case files in the database too (as the server imports them at start-up).
    const imported = await importCaseDir(handle.db, path.join(root, 'content/cases'), new Date());
    expect(imported.ok && imported.report.created.sort()).toEqual(['real', 'sample']);
    await handle.close();

    const output = execFileSync(path.resolve('node_modules/.bin/tsx'), [path.resolve('scripts/remove-samples.ts')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', MIGRATIONS_DIR: MIGRATIONS },
    });

    expect(output).toContain('Removed 1 sample case file');
    expect(output).toContain('Removed 1 sample case(s) from the database');
    expect(fs.readdirSync(path.join(root, 'content/cases'))).toEqual(['real.md']);
    expect(fs.existsSync(path.join(root, 'content/samples/discussions.json'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'content/samples/notices.json'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'content/samples/mentors.json'))).toBe(false);
    expect(output).toMatch(/Removed 4 sample mentor\(s\) and 1 sample consultation/);
    expect(output).toMatch(/Removed \d+ sample announcement/);
    expect(fs.existsSync(path.join(root, 'content/samples/programme.json'))).toBe(false);
    expect(output).toMatch(/Removed \d{2,} sample adoption figure/);
    handle = await openDatabase({ dataDir, migrationsFolder: MIGRATIONS });
    try {
      expect((await handle.db.select().from(threads)).map((t) => t.id)).toEqual([threadId]);
      expect(await handle.db.$count(users, eq(users.sample, true))).toBe(0);
      expect((await handle.db.select().from(announcements)).map((n) => n.title)).toEqual(['진짜 공지']);
      const figures = await loadProgramme(handle.db);
      expect(figures.adoptions).toEqual([{ year: 2025, sigun: '52110', adopted: 11 }]);
      expect(figures.sample).toBe(false);
      expect(figures.target.companies).toBe(300);
      expect(await handle.db.$count(mentorProfiles)).toBe(0);
      expect((await handle.db.select().from(consultations)).map((c) => c.id)).toEqual([realRequest!.id]);
      expect((await handle.db.select().from(cases)).map((c) => c.slug)).toEqual(['real']);
    } finally {
      await handle.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
