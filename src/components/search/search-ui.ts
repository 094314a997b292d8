// Browser side of /search: reads ?q= and filters from the URL, asks Pagefind with the
// normalized Korean query, and renders results with DOM nodes (never innerHTML, so page text
// can never become markup).
import { normalizeQuery } from '../../lib/search/korean';
import { loadPagefind, type PagefindModule, type PagefindResult } from '../../lib/search/pagefind';
import {
  FILTERS,
  filterOptions,
  parseSearchState,
  resultView,
  searchStateQuery,
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

function renderResult(view: ResultView): HTMLLIElement {
  const li = element('li');
  li.append(element('p', 'result-kind', view.kind));
  const h2 = element('h2');
  const link = element('a', undefined, view.title);
  link.href = view.url;
  h2.append(link);
  if (view.badge) h2.append(' ', element('span', 'badge', view.badge));
  li.append(h2);
  if (view.facts.length) li.append(element('p', 'result-facts', view.facts.join(' · ')));
  const excerpt = element('p', 'result-excerpt');
  for (const part of view.excerpt) excerpt.append(part.match ? element('mark', undefined, part.text) : document.createTextNode(part.text));
  li.append(excerpt);
  return li;
}

export function startSearchPage(): void {
  const form = document.querySelector<HTMLFormElement>('#search-form');
  const input = document.querySelector<HTMLInputElement>('#search-q');
  const status = document.querySelector<HTMLElement>('#search-status');
  const list = document.querySelector<HTMLOListElement>('#search-results');
  const more = document.querySelector<HTMLButtonElement>('#search-more');
  if (!form || !input || !status || !list || !more) return;
  const selects = new Map(FILTERS.map((f) => [f.key, form.querySelector<HTMLSelectElement>(`select[data-filter="${f.key}"]`)!]));
  form.hidden = false;

  let pagefind: Promise<PagefindModule> | undefined;
  const ready = () => (pagefind ??= loadPagefind());
  let run = 0;
  let pending: PagefindResult[] = [];
  let terms: string[] = [];

  function readForm(): SearchState {
    const filters: SearchState['filters'] = {};
    for (const [key, select] of selects) if (select.value) filters[key] = select.value;
    return { q: input!.value.trim(), filters };
  }

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
    terms = query.terms;
    list!.replaceChildren();
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
      const found = await pf.search(query.terms.length ? query.pagefindQuery : null, {
        filters: state.filters as Record<string, string>,
        ...(query.terms.length ? {} : { sort: { year: 'desc' as const } }),
      });
      if (current !== run) return;
      pending = [...found.results];
      const total = pending.length;
      await showMore(current);
      if (current !== run) return;
      // Set last, once the first results are on the page (screen readers hear the count).
      const what = state.q ? `‘${state.q}’ 검색 결과` : '조건에 맞는 결과';
      status!.textContent = total ? `${what} ${total}건` : `${what}가 없습니다. 다른 낱말로 찾거나 우수사례 목록을 둘러보세요.`;
    } catch (error) {
      if (current !== run) return;
      console.error(error);
      status!.textContent = '검색 색인을 불러오지 못했습니다. 잠시 뒤 다시 시도하세요.';
      list!.setAttribute('aria-busy', 'false');
    }
  }

  function go(push: boolean) {
    const state = readForm();
    const url = `/search${searchStateQuery(state)}`;
    if (push && url !== location.pathname + location.search) history.pushState(null, '', url);
    void search(state);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go(true);
  });
  for (const select of selects.values()) select.addEventListener('change', () => go(true));
  more.addEventListener('click', () => void showMore(run));
  window.addEventListener('popstate', () => {
    const state = parseSearchState(new URLSearchParams(location.search));
    fillForm(state);
    void search(state);
  });

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
