// Checklist templates for tests: the shipped YAML files, parsed and validated with the same
// schema Astro's content layer uses at build time.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { checklistTemplateSchema, type IdentifiedTemplate } from '../../src/lib/checklists/template';

export const CHECKLIST_DIR = path.resolve('content/checklists');

export function readTemplateFile(id: string): unknown {
  return yaml.load(fs.readFileSync(path.join(CHECKLIST_DIR, `${id}.yaml`), 'utf8'));
}

export function loadTemplate(id: string): IdentifiedTemplate {
  return { ...checklistTemplateSchema.parse(readTemplateFile(id)), id };
}

/** Every item answered with the same option value. */
export function answerAll(template: IdentifiedTemplate, value: string): Record<string, string> {
  return Object.fromEntries(template.sections.flatMap((s) => s.items.map((i) => [i.id, value])));
}
