// The schema of a checklist template (content/checklists/*.yaml). Astro validates every
// file against it at build time, so a bad file stops the build naming the file and field.
import { z } from 'astro/zod';
import { SMART_FACTORY_LEVELS } from '../levels';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'use lower-case letters, digits and hyphens' });
const text = z.string().trim().min(1);

const scaleOption = z.strictObject({
  value: slug,
  label: text,
  /** 1 = fully in place, 0 = not at all; null = not applicable (left out of the score). */
  score: z.number().min(0).max(1).nullable(),
});

const item = z.strictObject({
  id: slug,
  text,
  help: text,
  /** Key into the template's `scales`. */
  scale: slug,
  weight: z.number().positive().max(10),
  /** A lowest-score answer here is called out whatever the total. */
  critical: z.boolean().default(false),
});

const section = z.strictObject({
  id: slug,
  title: text,
  guidance: text,
  /** Markdown shown when the section is among the weakest. */
  advice: text,
  items: z.array(item).min(1),
});

const band = z.strictObject({
  min: z.number().min(0).max(100),
  label: text,
  summary: text,
  /** The level of case studies most worth reading at this readiness. */
  suggestedLevel: z.enum(SMART_FACTORY_LEVELS),
});

export const checklistTemplateSchema = z
  .strictObject({
    title: text,
    description: text,
    /** Bump whenever items change; saved assessments keep the version they answered. */
    version: z.string().regex(/^\d+(?:\.\d+)*$/, { error: 'version must look like 1 or 1.2' }),
    sample: z.boolean().default(false),
    scales: z.record(slug, z.array(scaleOption).min(2)),
    bands: z.array(band).min(1),
    sections: z.array(section).min(1),
  })
  .superRefine((template, ctx) => {
    for (const [name, options] of Object.entries(template.scales)) {
      if (!options.some((o) => o.score === 0)) {
        ctx.addIssue({ code: 'custom', path: ['scales', name], message: 'a scale needs an option scored 0' });
      }
      const values = new Set<string>();
      options.forEach((o, i) => {
        if (values.has(o.value)) ctx.addIssue({ code: 'custom', path: ['scales', name, i, 'value'], message: `duplicate value "${o.value}"` });
        values.add(o.value);
      });
    }
    if (!template.bands.some((b) => b.min === 0)) {
      ctx.addIssue({ code: 'custom', path: ['bands'], message: 'one band must start at min: 0' });
    }
    const sectionIds = new Set<string>();
    const itemIds = new Set<string>();
    template.sections.forEach((s, si) => {
      if (sectionIds.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'id'], message: `duplicate section id "${s.id}"` });
      sectionIds.add(s.id);
      s.items.forEach((it, ii) => {
        const path = ['sections', si, 'items', ii];
        if (itemIds.has(it.id)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `duplicate item id "${it.id}"` });
        itemIds.add(it.id);
        if (!template.scales[it.scale]) {
          ctx.addIssue({ code: 'custom', path: [...path, 'scale'], message: `unknown scale "${it.scale}"` });
        }
      });
    });
  });

export type ChecklistTemplate = z.infer<typeof checklistTemplateSchema>;
export type ChecklistSection = ChecklistTemplate['sections'][number];
export type ChecklistItem = ChecklistSection['items'][number];
export type ScaleOption = ChecklistTemplate['scales'][string][number];

/** A template together with the id it is known by (its file name). */
export type IdentifiedTemplate = ChecklistTemplate & { id: string };

/** "content/checklists/x.yaml: sections.2.items.0.weight: …" for each problem. */
export function templateProblems(fileName: string, data: unknown): string[] {
  const result = checklistTemplateSchema.safeParse(data);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${fileName}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
