// Content collections: Markdown files under content/, validated at build time.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { checklistTemplateSchema } from './lib/checklists/template';

// Policy texts (개인정보 처리방침, 이용약관, …) and the consent texts shown at sign-up.
// `version` is recorded with every consent a member gives.
const legal = defineCollection({
  loader: glob({ pattern: '*.md', base: './content/legal' }),
  schema: z.strictObject({
    title: z.string().min(1),
    version: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    effectiveDate: z.coerce.date(),
  }),
});

// Case studies are not a collection: they live in the database. content/cases/*.md are
// importable files (src/lib/cases/files.ts, imported at start-up and by npm run cases:import).

// Pre-adoption checklist templates (content/checklists/<id>.yaml); the id is the file name.
// The strict schema makes a bad file stop the build, naming the file and the field.
const checklists = defineCollection({
  loader: glob({ pattern: '*.yaml', base: './content/checklists' }),
  schema: checklistTemplateSchema,
});

export const collections = { legal, checklists };
