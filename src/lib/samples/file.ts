// Reading a sample content file (content/samples/*.json): absent once `npm run samples:remove`
// ran; a bad file stops start-up naming the file and the field.
import fs from 'node:fs';
import type { z } from 'astro/zod';

export function readSampleFile<S extends z.ZodType>(file: string, schema: S): z.output<S> | undefined {
  if (!fs.existsSync(file)) return undefined;
  const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
