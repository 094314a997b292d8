// The case studies of the `cases` collection, newest first.
import { getCollection } from 'astro:content';

export async function allCases() {
  const entries = await getCollection('cases');
  return entries.sort((a, b) => b.data.publishedAt.getTime() - a.data.publishedAt.getTime());
}

export type CaseCollectionEntry = Awaited<ReturnType<typeof allCases>>[number];
