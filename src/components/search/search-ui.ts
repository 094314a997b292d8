// Browser side of /search: reads ?q= and filters from the URL, asks Pagefind with the
// normalized Korean query, and renders results with DOM nodes (never innerHTML, so page text
// can never become markup). Searching again is a plain GET of /search (the form's own submit),
// so the server-rendered parts of the page always match the URL.
import { normalizeQuery, planTerms, searchPlans } from '../../lib/search/korean';
import type { ExcerptPart } from '../../lib/search/excerpt';
import { loadPagefind, searchAll, type PagefindModule, type PagefindResult } from '../../lib/search/pagefind';
import {
  FILTERS,
  emptySuggestions,
  filterOptions,
  parseSearchState,
  resultView,
  type ResultView,
  type SearchState,
} from '../../lib/search/results';

const PAGE_SIZE = 10;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function marked(parts: ExcerptPart[]): Node[] {
  return parts.map((part) => (part.match ? element('mark', undefined, part.text) : document.createTextNode(part.text)));
}

function renderResult(view: ResultView): HTMLLIElement {
  const li = element('li');
  li.append(element('p', 'result-kind', view.kind));
  const heading = element('h3');
  const link = element('a');
  link.append(...marked(view.titleParts));
  link.href = view.url;
  heading.append(link);
  if (view.badge) heading.append(' ', element('span', 'badge', view.badge));
  li.append(heading);
  if (view.facts.length) li.append(element('p', 'result-facts', view.facts.join(' · ')));
  const excerpt = element('p', 'result-excerpt');
  excerpt.append(...marked(view.excerpt));
  li.append(excerpt);
  return li;
}

export function startSearchPage(): void {
  const form = document.querySelector<HTMLFormElement>('#search-form');
  const input = document.querySelector<HTMLInputElement>('#search-q');
  const status = document.querySelector<HTMLElement>('#search-status');
  const list = document.querySelector<HTMLOListElement>('#search-results');
  const more = document.querySelector<HTMLButtonElement>('#search-more');
  const filterBox = document.querySelector<HTMLFieldSetElement>('#search-filters');
  const suggestions = document.querySelector<HTMLElement>('#search-suggestions');
  if (!form || !input || !status || !list || !more || !filterBox || !suggestions) return;
  const selects = new Map(FILTERS.map((f) => [f.key, form.querySelector<HTMLSelectElement>(`select[data-filter="${f.key}"]`)!]));
  filterBox.hidden = false;

  let pagefind: Promise<PagefindModule> | undefined;
  const ready = () => (pagefind ??= loadPagefind());
  let run = 0;
  let pending: PagefindResult[] = [];
  let terms: string[] = [];

  function fillForm(state: SearchState) {
    input!.value = state.q;
    for (const [key, select] of selects) {
      const value = state.filters[key] ?? '';
      // A value from the URL that the index does not know still shows (and finds nothing).
      if (value && ![...select.options].some((o) => o.value === value)) select.append(new Option(value, value));
      select.value = value;
    }
    const header = document.querySelector<HTMLInputElement>('#site-search');
    if (header) header.value = state.q;
  }

  function showSuggestions(q: string) {
    const items = emptySuggestions(q).map((s) => {
      const li = element('li');
      const link = element('a', undefined, s.label);
      link.href = s.href;
      li.append(link);
      return li;
    });
    const ul = element('ul');
    ul.append(...items);
    suggestions!.replaceChildren(element('p', undefined, '이렇게 찾아보세요:'), ul);
    suggestions!.hidden = false;
  }

  async function showMore(current: number) {
    list!.setAttribute('aria-busy', 'true');
    const batch = pending.splice(0, PAGE_SIZE);
    const views = await Promise.all(batch.map(async (r) => resultView(await r.data(), terms)));
    if (current !== run) return;
    list!.append(...views.map(renderResult));
    more!.hidden = pending.length === 0;
    list!.setAttribute('aria-busy', 'false');
  }

  async function search(state: SearchState) {
    const current = ++run;
    list!.setAttribute('aria-busy', 'true');
    const query = normalizeQuery(state.q);
    const plans = searchPlans(query.terms);
    terms = planTerms(plans);
    list!.replaceChildren();
    suggestions!.hidden = true;
    more!.hidden = true;
    pending = [];
    const filtered = Object.keys(state.filters).length > 0;
    if (!query.terms.length && !filtered) {
      status!.textContent = state.q ? '검색할 낱말을 입력하세요.' : '';
      list!.setAttribute('aria-busy', 'false');
      return;
    }
    status!.textContent = '찾는 중…';
    try {
      const pf = await ready();
      const filters = state.filters as Record<string, string>;
      // Every spacing of the query (searchPlans), merged; no words: the filters alone, newest first.
      const found = query.terms.length ? await searchAll(pf, plans, { filters }) : (await pf.search(null, { filters, sort: { year: 'desc' } })).results;
      if (current !== run) return;
      pending = [...found];
      const total = pending.length;
      await showMore(current);
      if (current !== run) return;
      // Set last, once the first results are on the page (screen readers hear the count).
      const what = state.q ? `‘${state.q}’ 검색 결과` : '조건에 맞는 결과';
      status!.textContent = total ? `${what} ${total}건` : `${what}가 없습니다. 다른 낱말로 찾거나 아래를 둘러보세요.`;
      if (!total) showSuggestions(state.q);
    } catch (error) {
      if (current !== run) return;
      console.error(error);
      status!.textContent = '검색 색인을 불러오지 못했습니다. 잠시 뒤 다시 시도하세요.';
      list!.setAttribute('aria-busy', 'false');
    }
  }

  // Unused filters stay out of the URL (`?q=공장`, not `?q=공장&sigun=&industry=…`).
  form.addEventListener('submit', () => {
    for (const select of selects.values()) select.disabled = !select.value;
  });
  // Coming back through the history may restore the page as it was left, disabled fields included.
  window.addEventListener('pageshow', () => {
    for (const select of selects.values()) select.disabled = false;
  });
  for (const select of selects.values()) select.addEventListener('change', () => form.requestSubmit());
  more.addEventListener('click', () => void showMore(run));

  const initial = parseSearchState(new URLSearchParams(location.search));
  fillForm(initial);
  void search(initial);
  // Filter options come from the index itself (values and counts).
  void ready()
    .then((pf) => pf.filters())
    .then((filters) => {
      for (const [key, select] of selects) {
        const chosen = select.value;
        select.replaceChildren(new Option('전체', ''));
        for (const { value, count } of filterOptions(filters, key)) select.append(new Option(`${value} (${count})`, value));
        if (chosen && ![...select.options].some((o) => o.value === chosen)) select.append(new Option(chosen, chosen));
        select.value = chosen;
      }
    })
    .catch(() => {});
}
