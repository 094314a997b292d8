// Machine-readable metadata for a case page (schema.org Article as JSON-LD).
import type { CaseData } from './schema';
import { LICENCE_INFO, KOGL_URL } from '../licences';
import { formatIsoDate } from '../dates';

export function caseJsonLd(data: CaseData, url: URL, sigunName: string): string {
  const doc = {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: data.title,
    description: data.summary,
    datePublished: formatIsoDate(data.publishedAt),
    inLanguage: 'ko',
    url: url.href,
    mainEntityOfPage: url.href,
    about: `${sigunName} ${data.industry} 스마트공장 도입 사례`,
    keywords: [sigunName, data.industry, data.level, ...data.systems].join(', '),
    license: KOGL_URL,
    copyrightNotice: LICENCE_INFO[data.license].label,
    publisher: { '@type': 'Organization', name: '전북-삼성 스마트CEO포럼' },
    isAccessibleForFree: true,
  };
  // Safe inside <script>: no "</script>" or "<!--" can appear.
  return JSON.stringify(doc).replaceAll('<', '\\u003c');
}
