// The Korean handling around Pagefind: word suffixes for the index, particles off the query,
// excerpts from the visible text, and the HTML handed to Pagefind.
import { describe, expect, it } from 'vitest';
import { expansionTokens, innerSuffixes, normalizeQuery, stripParticle, words } from '../src/lib/search/korean';
import { buildExcerpt, EXTRA_TOKENS_SENTINEL, visibleContent } from '../src/lib/search/excerpt';
import { augmentHtml, indexedText, splitPairs, BODY_EXTRA_WEIGHT, TITLE_EXTRA_WEIGHT } from '../src/lib/search/augment';
import { filterOptions, parseSearchState, resultView } from '../src/lib/search/results';

/** What the visitor sees: excerpt parts with matches in [brackets]. */
const shown = (parts: { text: string; match: boolean }[]) => parts.map((p) => (p.match ? `[${p.text}]` : p.text)).join('');

describe('words and suffixes', () => {
  it('splits like the index: lower case, NFC, on anything but letters and digits', () => {
    expect(words('스마트공장(MES)을 도입, 생산관리의 ERP·POP')).toEqual(['스마트공장', 'mes', '을', '도입', '생산관리의', 'erp', 'pop']);
    // Decomposed jamo (as typed on some systems) become syllables.
    expect(words('공장'.normalize('NFD'))).toEqual(['공장']);
  });

  it('gives the inner suffixes of 2+ characters that start on a syllable', () => {
    expect(innerSuffixes('스마트공장을')).toEqual(['마트공장을', '트공장을', '공장을', '장을']);
    expect(innerSuffixes('공장')).toEqual([]);
    expect(innerSuffixes('mes로')).toEqual([]);
    expect(innerSuffixes('스마트mes')).toEqual(['마트mes', '트mes', 'mes']);
  });

  it('adds only suffixes that prefix matching on the page would not find already', () => {
    const tokens = expansionTokens('스마트공장을 세운 공장 생산관리의 생산관리를');
    expect(tokens).toContain('공장을');
    expect(tokens).toContain('관리의');
    expect(tokens).toContain('관리를');
    // `공장` is a real word of the page; `산관리의` stays, `산관리` alone is never generated.
    expect(tokens).not.toContain('공장');
    expect(tokens).toContain('산관리의');
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('leaves out what other indexed text already covers', () => {
    expect(expansionTokens('생산관리', ['관리자'])).toEqual(['산관리']);
  });
});

describe('particles', () => {
  it.each([
    ['스마트공장을', '스마트공장'],
    ['불량률이', '불량률'],
    ['생산관리의', '생산관리'],
    ['관리를', '관리'],
    ['공장에서는', '공장'],
    ['공장으로', '공장'],
    ['데이터로', '데이터'],
    ['센서와', '센서'],
    ['생산성과', '생산성'],
    ['불량률까지', '불량률'],
    ['MES를', 'MES'],
    ['MES을', 'MES'],
    ['차를', '차'],
    ['팀이', '팀'],
  ])('%s → %s', (word, stem) => {
    expect(stripParticle(word)).toBe(stem);
  });

  it.each(['공장', '회의', '나이', '온도', '정도', '강도', '고도화', '스마트공장', '관리', '도', '를'])('keeps %s whole', (word) => {
    expect(stripParticle(word)).toBe(word);
  });

  it('does not strip a particle that does not fit the last syllable', () => {
    // 를 follows a vowel; 장 ends in a consonant, so `공장를` is not 공장 + 를.
    expect(stripParticle('공장를')).toBe('공장를');
    expect(stripParticle('관리을')).toBe('관리을');
  });

  it('normalizes a query: words, particles off, Latin lower case', () => {
    expect(normalizeQuery('  스마트공장을 MES ')).toEqual({ words: ['스마트공장을', 'mes'], terms: ['스마트공장', 'mes'], pagefindQuery: '스마트공장 mes' });
    expect(normalizeQuery('불량률이, 불량률').terms).toEqual(['불량률']);
    expect(normalizeQuery('  ').terms).toEqual([]);
  });
});

describe('excerpts', () => {
  const content = `스마트공장 구축 사례. 생산관리의 어려움을 MES로 풀었다. ${EXTRA_TOKENS_SENTINEL} 마트공장 산관리의 관리의`;

  it('never shows the index-only tokens', () => {
    expect(visibleContent(content)).toBe('스마트공장 구축 사례. 생산관리의 어려움을 MES로 풀었다.');
    expect(visibleContent('그냥 글')).toBe('그냥 글');
  });

  it('marks matches inside words and in any case', () => {
    expect(shown(buildExcerpt(visibleContent(content), ['관리', 'mes']))).toBe('스마트공장 구축 사례. 생산[관리]의 어려움을 [MES]로 풀었다.');
  });

  it('centres a long text on the first match and says where it was cut', () => {
    const long = `${'앞부분 문장입니다. '.repeat(30)}여기에서 불량률을 낮췄다. ${'뒷부분 문장입니다. '.repeat(30)}`;
    const text = shown(buildExcerpt(long, ['불량률'], 80));
    expect(text).toMatch(/^… /);
    expect(text).toMatch(/ …$/);
    expect(text).toContain('[불량률]을 낮췄다');
    expect(text.length).toBeLessThan(120);
  });

  it('shows the start of the text when nothing matches', () => {
    expect(shown(buildExcerpt('짧은 본문', ['없음']))).toBe('짧은 본문');
  });
});

describe('the HTML handed to Pagefind', () => {
  const page = `<!doctype html><html lang="ko"><body><nav>메뉴 스마트팩토리</nav>
    <article data-pagefind-body data-pagefind-filter="sigun:전주시, industry:식품" data-pagefind-meta="sigun:전주시, summary:가나，다라" data-pagefind-sort="year:2024">
      <h1>스마트공장 구축 사례 <span class="badge">샘플</span></h1>
      <p>생산관리의 어려움을 MES로 풀었다.</p>
      <p data-pagefind-ignore>무시되는문장</p>
      <script>var 스크립트안 = 1;</script>
    </article></body></html>`;

  it('reads the indexed text: body only, no ignored parts or scripts, title without badge', () => {
    const text = indexedText(page);
    expect(text.hasBody).toBe(true);
    expect(text.title).toBe('스마트공장 구축 사례');
    expect(text.badge).toBe('샘플');
    expect(text.body).toContain('생산관리의');
    expect(text.body).not.toContain('스마트팩토리');
    expect(text.body).not.toContain('무시되는문장');
    expect(text.body).not.toContain('스크립트안');
  });

  it('adds title and body suffix blocks with their weights, after a sentinel', () => {
    const { html, extraTokens } = augmentHtml(page);
    expect(extraTokens).toBeGreaterThan(0);
    expect(html).toContain(`<div data-pagefind-body data-pagefind-weight="${TITLE_EXTRA_WEIGHT}">${EXTRA_TOKENS_SENTINEL} 마트공장`);
    expect(html).toMatch(new RegExp(`data-pagefind-weight="${BODY_EXTRA_WEIGHT}">${EXTRA_TOKENS_SENTINEL} [^<]*관리의`));
    expect(html).not.toMatch(/팩토리 |무시되는문장 [^<]*되는/);
    // The page itself is unchanged before the extra blocks.
    expect(html.startsWith(page.slice(0, page.indexOf('<article')))).toBe(true);
  });

  it('splits grouped filter/meta attributes and sets the title without its badge', () => {
    const { html } = augmentHtml(page);
    expect(html).toContain('<p hidden data-pagefind-filter="sigun">전주시</p>');
    expect(html).toContain('<p hidden data-pagefind-filter="industry">식품</p>');
    expect(html).toContain('<p hidden data-pagefind-meta="summary">가나,다라</p>');
    expect(html).toContain('<p hidden data-pagefind-meta="title">스마트공장 구축 사례</p>');
    expect(html).toContain('<p hidden data-pagefind-meta="badge">샘플</p>');
    expect(html).not.toContain('data-pagefind-filter="sigun:');
    expect(html).toContain('data-pagefind-sort="year:2024"');
    expect(splitPairs('year:2024')).toEqual([{ key: 'year', value: '2024' }]);
  });

  it('leaves the suffixes out in the plain baseline, and pages without data-pagefind-body alone', () => {
    expect(augmentHtml(page, { suffixes: false }).html).not.toContain(EXTRA_TOKENS_SENTINEL);
    const other = '<html><body><h1>검색</h1></body></html>';
    expect(augmentHtml(other)).toEqual({ html: other, extraTokens: 0 });
  });
});

describe('search page state and results', () => {
  it('reads q and the filters from the URL, ignoring empty and unknown ones', () => {
    const state = parseSearchState(new URLSearchParams('q=%EA%B3%B5%EC%9E%A5+&sigun=전주시&year=&x=1'));
    expect(state).toEqual({ q: '공장', filters: { sigun: '전주시' } });
    expect(parseSearchState(new URLSearchParams(''))).toEqual({ q: '', filters: {} });
  });

  it('orders filter values as people expect', () => {
    const filters = { sigun: { 부안군: 1, 전주시: 2, 군산시: 1 }, year: { 2019: 1, 2025: 2 }, level: { 고도화: 1, 기초: 3, 중간2: 1, 중간1: 1 } };
    expect(filterOptions(filters, 'sigun').map((o) => o.value)).toEqual(['전주시', '군산시', '부안군']);
    expect(filterOptions(filters, 'year').map((o) => o.value)).toEqual(['2025', '2019']);
    expect(filterOptions(filters, 'level').map((o) => o.value)).toEqual(['기초', '중간1', '중간2', '고도화']);
    expect(filterOptions(filters, 'industry')).toEqual([]);
  });

  it('builds a result from Pagefind data without the title or the extra tokens in the excerpt', () => {
    const view = resultView(
      {
        url: '/cases/x/',
        content: `스마트공장 구축 사례 샘플. 생산관리의 어려움. ${EXTRA_TOKENS_SENTINEL} 산관리의`,
        meta: { title: '스마트공장 구축 사례', badge: '샘플', sigun: '전주시', industry: '식품', level: '기초', year: '2024' },
        filters: {},
      },
      ['관리'],
    );
    expect(view).toMatchObject({ url: '/cases/x/', title: '스마트공장 구축 사례', kind: '우수사례', badge: '샘플', facts: ['전주시', '식품', '기초', '2024년'] });
    expect(shown(view.excerpt)).toBe('생산[관리]의 어려움.');
    expect(shown(resultView({ url: '/terms/', content: '이용약관', meta: { title: '생산관리 이용약관' }, filters: {} }, ['관리']).titleParts)).toBe('생산[관리] 이용약관');
  });
});

describe('where Pagefind joins elements without a space', () => {
  it('puts a space after block-level elements in the indexed copy', () => {
    const { html } = augmentHtml('<html><body><article data-pagefind-body><h1>제목</h1><dl><dt>업종</dt><dd>식품</dd></dl></article></body></html>');
    expect(html).toContain('<dt>업종</dt> <dd>식품</dd> ');
  });

  it('adds the suffixes of the joined words too', () => {
    // Pagefind indexes <span>식품</span><span>스마트공장</span> as 식품스마트공장.
    const { html } = augmentHtml('<html><body><article data-pagefind-body><h1>제목</h1><p><span>식품</span><span>스마트공장</span> 수준</p></article></body></html>');
    expect(html).toMatch(new RegExp(`${EXTRA_TOKENS_SENTINEL} [^<]*(^| )스마트공장( |<)`));
    expect(expansionTokens(['식품 스마트공장', '식품스마트공장'])).toContain('스마트공장');
    expect(expansionTokens('식품 스마트공장')).not.toContain('스마트공장');
  });
});
