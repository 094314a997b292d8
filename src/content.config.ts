// Content collections: Markdown files under content/, validated at build time.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { caseSchema } from './lib/cases/schema';
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

// Case studies, one Markdown file each. CASES_DIR lets the benchmark build thousands of
// generated cases from a temporary folder without touching content/.
const cases = defineCollection({
  loader: glob({ pattern: '*.md', base: process.env.CASES_DIR ?? './content/cases' }),
  schema: caseSchema,
});

// Pre-adoption checklist templates (content/checklists/<id>.yaml); the id is the file name.
// The strict schema makes a bad file stop the build, naming the file and the field.
const checklists = defineCollection({
  loader: glob({ pattern: '*.yaml', base: './content/checklists' }),
  schema: checklistTemplateSchema,
});

export const collections = { legal, cases, checklists };
