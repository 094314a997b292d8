// Removes the sample content in one step: every content/cases file marked `sample: true` and
// the sample cases in the database, and the sample discussions, members, mentors, consultations,
// announcements, patents and adoption figures in the database (DATABASE_URL, or the embedded
// database in DATA_DIR — stop the server first). Run: npm run samples:remove, then rebuild. The
// sample discussions, announcements, patents, mentors and programme files are deleted too, so
// nothing is seeded again.
import fs from 'node:fs';
import path from 'node:path';
import { readConfig } from '../src/lib/config';
import { openDatabase } from '../src/lib/db/client';
import { announcePageChanges } from '../src/lib/http/page-cache-bus';
import { ALL_PAGES } from '../src/lib/http/page-cache';
import { removeSampleDiscussions } from '../src/lib/samples/discussions';
import { removeSampleNotices } from '../src/lib/samples/notices';
import { removeSamplePatents } from '../src/lib/samples/patents';
import { removeSampleProgramme } from '../src/lib/samples/programme';
import { removeSampleMentors } from '../src/lib/samples/mentors';
import { removeSampleCases } from '../src/lib/cases/store';

const casesDir = path.resolve('content/cases');
let removed = 0;
for (const file of fs.existsSync(casesDir) ? fs.readdirSync(casesDir) : []) {
  if (!file.endsWith('.md')) continue;
  const full = path.join(casesDir, file);
  const frontMatter = fs.readFileSync(full, 'utf8').split(/^---$/m)[1] ?? '';
  if (/^sample:\s*true\s*$/m.test(frontMatter)) {
    fs.rmSync(full);
    removed += 1;
  }
}
console.log(`Removed ${removed} sample case file(s) from content/cases.`);

for (const name of ['discussions', 'notices', 'patents', 'programme', 'mentors']) {
  const samplesFile = path.resolve(`content/samples/${name}.json`);
  if (fs.existsSync(samplesFile)) {
    fs.rmSync(samplesFile);
    console.log(`Removed content/samples/${name}.json.`);
  }
}

const config = readConfig();
const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrationsFolder: config.migrationsFolder });
try {
  const mentors = await removeSampleMentors(handle.db);
  console.log(`Removed ${mentors.profiles} sample mentor(s) and ${mentors.consultations} sample consultation(s) from the database.`);
  const result = await removeSampleDiscussions(handle.db);
  console.log(`Removed ${result.threads} sample thread(s) and ${result.members} sample member(s) from the database.`);
  console.log(`Removed ${await removeSampleNotices(handle.db)} sample announcement(s) from the database.`);
  console.log(`Removed ${await removeSamplePatents(handle.db)} sample patent(s) from the database.`);
  console.log(`Removed ${await removeSampleProgramme(handle.db)} sample adoption figure(s) from the database (enter the real ones at /staff/programme).`);
  // The running server's search index drops them at its next check (or at the next start).
  console.log(`Removed ${await removeSampleCases(handle.db)} sample case(s) from the database.`);
  // Running servers (PostgreSQL) drop every cached guest page.
  if (handle.kind === 'postgres') await announcePageChanges(handle.db, [ALL_PAGES]);
} finally {
  await handle.close();
}
