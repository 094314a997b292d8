// The HTML the search index is built from for pages that read the database (a case page, a
// 시·군 page). It holds the same indexed text as the served page's data-pagefind-body region
// (src/pages/cases/[slug].astro, src/pages/regions/[code].astro) with the same filter, meta
// and sort attributes, so the Korean handling (augment.ts) treats both alike. Only the index
// sees it; visitors get the real pages.
import type { PublishedCase } from '../cases/store';
import type { Sigun } from '../regions';
import { sigunByCode } from '../regions';
import { describeChange, describeImprovement, formatNumber, kpiChange } from '../cases/kpi';
import { headlineImprovement } from '../cases/catalog';
import { kpiMedians } from '../cases/stats';
import { LICENCE_INFO, KOGL_URL } from '../licences';
import { formatDate } from '../dates';
import { renderCaseMarkdown } from '../markdown';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const page = (title: string, article: string) =>
  `<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>${article}</body></html>`;

const badge = (sample: boolean) => (sample ? ' <span class="badge" title="포털 시연용으로 만든 가상의 사례입니다">샘플</span>' : '');

/** Attribute values as the case page writes them (a comma inside a value becomes ，). */
export function caseIndexAttributes(c: PublishedCase, sigunName: string) {
  const d = c.data;
  return {
    filter: `sigun:${sigunName}, industry:${d.industry}, level:${d.level}, year:${d.year}`,
    meta: `sigun:${sigunName}, industry:${d.industry}, level:${d.level}, year:${d.year}, summary:${d.summary.replaceAll(',', '，')}`,
    sort: `year:${d.year}`,
  };
}

export function caseIndexHtml(c: PublishedCase): string {
  const d = c.data;
  const sigun = sigunByCode(d.sigun)!;
  const attrs = caseIndexAttributes(c, sigun.name);
  const licence = LICENCE_INFO[d.license];
  const kpiRows = d.kpis
    .map((k) => {
      const change = kpiChange(k);
      return `<tr><th scope="row">${esc(k.name)} <span class="muted">(${k.direction === 'higher' ? '높을수록 좋음' : '낮을수록 좋음'})</span></th><td>${formatNumber(k.before)} ${esc(k.unit)}</td><td>${formatNumber(k.after)} ${esc(k.unit)}</td><td>${esc(describeChange(k))}</td><td>${describeImprovement(change.improvementPercent)}</td></tr>`;
    })
    .join('');
  const article = `<article class="case" data-pagefind-body data-pagefind-filter="${esc(attrs.filter)}" data-pagefind-meta="${esc(attrs.meta)}" data-pagefind-sort="${esc(attrs.sort)}">
<header><h1>${esc(d.title)}${badge(d.sample)}</h1><p class="lead">${esc(d.summary)}</p>${d.sample ? '<p class="sample-notice" role="note">이 사례는 포털 시연용으로 만든 <strong>가상의 샘플</strong>입니다. 회사명과 수치는 실제가 아닙니다.</p>' : ''}</header>
<dl class="dl-grid case-facts"><dt>기업</dt><dd>${esc(d.company)}${d.employees ? ` (종업원 ${d.employees}명)` : ''}</dd><dt>지역</dt><dd>${esc(sigun.name)}</dd><dt>업종</dt><dd>${esc(d.industry)}</dd><dt>스마트공장 수준</dt><dd>${esc(d.level)}</dd><dt>구축 연도</dt><dd>${d.year}년</dd><dt>구축 시스템</dt><dd>${esc(d.systems.join(', '))}</dd><dt>멘토</dt><dd>${esc(d.mentor.name)} (${esc(d.mentor.career)}) — ${esc(d.mentor.role)}</dd><dt>이전받은 특허</dt><dd>${esc(d.patents.length ? d.patents.join(', ') : '없음')}</dd><dt>게시일</dt><dd>${formatDate(d.publishedAt)}</dd></dl>
<section><h2>도입 성과</h2><figure class="chart"><figcaption>도입 전후 지표 비교 <span class="legend">도입 전 도입 후</span></figcaption></figure><table class="data-table"><caption>도입 전후 핵심 지표(KPI)</caption><thead><tr><th scope="col">지표</th><th scope="col">도입 전</th><th scope="col">도입 후</th><th scope="col">변화</th><th scope="col">평가</th></tr></thead><tbody>${kpiRows}</tbody></table></section>
<div class="prose case-body">${renderCaseMarkdown(c.body)}</div>
<p class="licence"><span class="licence-mark">${licence.label}</span> 이 사례는 <a href="${KOGL_URL}">${licence.label}</a>(${esc(licence.terms)}) 조건에 따라 이용할 수 있습니다. 출처: ${esc(d.source)}</p>
</article>`;
  return page(d.title, article);
}

/** The indexed part of a 시·군 page: its name, its cases and their KPI medians. */
export function regionIndexHtml(sigun: Sigun, cases: readonly PublishedCase[]): string {
  const cards = cases
    .map((c) => {
      const best = headlineImprovement(c.data);
      return `<li class="card case-card"><h3 class="card-title"><a href="/cases/${c.id}/">${esc(c.data.title)}</a></h3><p class="tags">${esc(sigun.name)} · ${esc(c.data.industry)} · ${esc(c.data.level)} · ${c.data.year}년${badge(c.data.sample)}</p><p>${esc(c.data.summary)}</p>${best ? `<p class="headline-kpi">${esc(best.name)} ${describeImprovement(best.percent)}</p>` : ''}</li>`;
    })
    .join('');
  const medians = kpiMedians(cases.map((c) => c.data));
  const article = `<article data-pagefind-body data-pagefind-filter="sigun:${esc(sigun.name)}"><h1>${esc(sigun.name)}</h1><p class="lead">${esc(sigun.name)}의 스마트공장 우수사례 ${cases.length}건과 도입 현황입니다.</p>
<section><h2>우수사례</h2>${cases.length ? `<ul class="cards">${cards}</ul>` : '<p>아직 실린 사례가 없습니다.</p>'}</section>
<section><h2>성과 지표 중앙값</h2>${medians.length ? `<ul>${medians.map((m) => `<li>${esc(m.kpi)} (${m.count}건) ${describeImprovement(m.median)}</li>`).join('')}</ul>` : '<p>계산할 사례가 없습니다.</p>'}</section></article>`;
  return page(`${sigun.name} 스마트공장 사례`, article);
}
