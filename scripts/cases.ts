// Case files ⇄ database (DATABASE_URL, or the embedded database in DATA_DIR — stop the server
// first when it is the embedded one).
//
//   npm run cases:import [DIR]   validate DIR/*.md (default content/cases) and upsert by slug
//   npm run cases:export DIR     write every published case as DIR/<slug>.md
//
// An import never overwrites a case edited on the web since its last import: it lists it as
// a conflict (exit code 2). A bad file refuses the whole import (exit code 1).
import path from 'node:path';
import { readConfig } from '../src/lib/config';
import { openDatabase } from '../src/lib/db/client';
import { announcePageChanges } from '../src/lib/http/page-cache-bus';
import { pageTags } from '../src/lib/http/page-cache';
import { describeFileErrors, describeImport, exportCases, importCaseDir } from '../src/lib/cases/import';

const [command, dirArg] = process.argv.slice(2);
if (command !== 'import' && command !== 'export') {
  console.error('사용법: npm run cases:import [폴더] | npm run cases:export 폴더');
  process.exit(64);
}
if (command === 'export' && !dirArg) {
  console.error('내보낼 폴더를 적어 주세요: npm run cases:export 폴더');
  process.exit(64);
}
const dir = path.resolve(dirArg ?? 'content/cases');
const config = readConfig();
const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrationsFolder: config.migrationsFolder });
let code = 0;
try {
  if (command === 'import') {
    const result = await importCaseDir(handle.db, dir, new Date());
    if (!result.ok) {
      for (const line of describeFileErrors(result.errors)) console.error(line);
      code = 1;
    } else {
      for (const line of describeImport(result.report)) console.log(line);
      if (result.report.conflicts.length) code = 2;
      // Running servers (PostgreSQL) drop their guests' copies of the case pages.
      if (handle.kind === 'postgres') await announcePageChanges(handle.db, [pageTags.cases()]);
    }
  } else {
    const written = await exportCases(handle.db, dir, new Date());
    console.log(`게시된 사례 ${written.length}건을 ${path.relative(process.cwd(), dir) || dir}에 내보냈습니다.`);
  }
} finally {
  await handle.close();
}
process.exit(code);
