// Policy and consent texts from content/legal, with the version recorded on consent.
import { getEntry } from 'astro:content';
import { renderTrustedMarkdown } from './markdown';

export type LegalDocumentId = 'privacy' | 'terms' | 'email-refusal' | 'consent-privacy' | 'consent-marketing';

export async function legalDocument(id: LegalDocumentId) {
  const entry = await getEntry('legal', id);
  if (!entry) throw new Error(`content/legal/${id}.md is missing`);
  return { ...entry.data, html: renderTrustedMarkdown(entry.body ?? '') };
}

/** The versions a person accepts when they sign up today. */
export async function currentConsentVersions() {
  const [privacy, terms, marketing] = await Promise.all([
    legalDocument('consent-privacy'),
    legalDocument('terms'),
    legalDocument('consent-marketing'),
  ]);
  return { privacy: privacy.version, terms: terms.version, marketing: marketing.version };
}
