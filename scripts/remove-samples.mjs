// Removes the sample content in one step: every content/cases file marked `sample: true`,
// and the sample adoption figures in content/programme.json. Run: npm run samples:remove
// (then rebuild). Real content (sample: false) is left alone.
import fs from 'node:fs';
import path from 'node:path';

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

const programmeFile = path.resolve('content/programme.json');
const programme = JSON.parse(fs.readFileSync(programmeFile, 'utf8'));
if (programme.sample) {
  programme.sample = false;
  programme.note = '';
  programme.adoptions = [];
  fs.writeFileSync(programmeFile, `${JSON.stringify(programme, null, 1)}\n`);
  console.log('Cleared the sample adoption figures in content/programme.json (enter the real ones there).');
}
