// The checklist templates shipped in content/checklists, as built by Astro's content layer.
import { getCollection, getEntry } from 'astro:content';
import type { IdentifiedTemplate } from './template';

export async function currentTemplates(): Promise<IdentifiedTemplate[]> {
  const entries = await getCollection('checklists');
  return entries.map((e) => ({ ...e.data, id: e.id })).sort((a, b) => Number(a.sample) - Number(b.sample) || a.title.localeCompare(b.title, 'ko'));
}

export async function currentTemplate(id: string): Promise<IdentifiedTemplate | undefined> {
  const entry = await getEntry('checklists', id);
  return entry ? { ...entry.data, id: entry.id } : undefined;
}
