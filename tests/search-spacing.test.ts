// Korean habits the search must forgive (issue 16): spacing (품질관리 = 품질 관리), words joined
// by ·, /, - or , (플라스틱·고무 is found by 고무), and queries of initial consonants (ㅅㅁㅌ).
// The query planning is checked on its own, then the discussion and announcement searches run
// the same table of equivalent queries on PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { boardBySlug, readableBoards } from '../src/lib/forum/boards';
import { createThread } from '../src/lib/forum/posts';
import { DISCUSSION_PAGE_SIZE, searchDiscussions } from '../src/lib/forum/search';
import { createNotice } from '../src/lib/notices/notices';
import { searchNotices, searchNoticesPage } from '../src/lib/notices/search';
import {
  choseongPattern,
  choseongTokens,
  expansionTokens,
  isChoseongQuery,
  joinedParts,
  MAX_PLANS,
  normalizeQuery,
  searchPlans,
  segmentations,
} from '../src/lib/search/korean';
import { augmentHtml } from '../src/lib/search/augment';
import { emptySuggestions } from '../src/lib/search/results';
import { plansTsquery } from '../src/lib/search/bigram-query';

/** Queries a visitor would expect to find the same pages. */
export const EQUIVALENT_QUERIES = [
  ['품질관리', '품질 관리', '품질관리를', '품질 관리를'],
  ['스마트공장', '스마트 공장', '스마트공장을', '스마트 공장의'],
  ['생산관리 시스템', '생산 관리 시스템', '생산관리시스템', '생산관리시스템을'],
];

const plansOf = (q: string) => searchPlans(normalizeQuery(q).terms);

describe('query plans for spacing', () => {
  it('cuts a run of syllables into parts of two or more, whole first', () => {
    expect(segmentations('품질관리')).toEqual([['품질관리'], ['품질', '관리']]);
    expect(segmentations('스마트공장')).toEqual([['스마트공장'], ['스마', '트공장'], ['스마트', '공장']]);
    expect(segmentations('공장')).toEqual([['공장']]);
    expect(segmentations('스마트')).toEqual([['스마트']]);
  });

  it.each(EQUIVALENT_QUERIES)('plans the same searches for every spelling of %s', (...row) => {
    const [first, ...rest] = row.map((q) => JSON.stringify(plansOf(q)));
    for (const other of rest) expect(other).toBe(first);
  });

  it('gives the database one tsquery with only the plans that can add candidates', () => {
    expect(plansTsquery(plansOf('품질관리'))).toBe('(품질 & 관리)');
    expect(plansTsquery(plansOf('품질 관리'))).toBe('(품질 & 관리)');
    expect(plansTsquery(plansOf('스마트공장'))).toBe('(스마 & 트공 & 공장) | (스마 & 마트 & 공장)');
    expect(plansTsquery(plansOf('공장'))).toBe('(공장)');
    expect(plansTsquery(plansOf('ㅅㅁㅌ'))).toBeUndefined();
  });

  it('keeps other words apart, keeps the words as typed, and stays bounded', () => {
    expect(plansOf('MES 도입 효과')).toEqual([['mes', '도입효과'], ['mes', '도입', '효과']]);
    // A one-syllable word cannot be a part of a cut; the words as typed are still searched.
    expect(plansOf('품질 및 관리')).toContainEqual(['품질', '및', '관리']);
    const long = plansOf('스마트공장 구축 지원사업 참여기업 모집');
    expect(long.length).toBeLessThanOrEqual(MAX_PLANS);
    expect(long).toContainEqual(['스마트공장', '구축', '지원사업', '참여기업', '모집']);
    expect(plansOf('')).toEqual([]);
  });
});

describe('words joined by dots, slashes, hyphens and commas', () => {
  it('indexes the parts after the first, unless they stand alone anyway', () => {
    expect(joinedParts('업종 플라스틱·고무')).toEqual(['고무']);
    expect(joinedParts('바이오/의약품, ERP-MES 금형,프레스')).toEqual(['의약품', 'mes', '프레스']);
    expect(joinedParts('플라스틱·고무 고무')).toEqual([]);
    expect(joinedParts('생산관리(MES), 품질.')).toEqual([]);
    expect(joinedParts('바이오ㆍ의약')).toEqual(['의약']);
    const tokens = expansionTokens('플라스틱·고무 바이오·의약');
    expect(tokens).toEqual(expect.arrayContaining(['고무', '의약']));
  });

  it('puts them into the page given to Pagefind, after the sentinel', () => {
    const { html } = augmentHtml('<html><body><main data-pagefind-body><h1>사출 공장</h1><dl><dt>업종</dt><dd>플라스틱·고무</dd></dl></main></body></html>');
    const extra = html.slice(html.indexOf('\u241E'));
    expect(extra).toMatch(/(^|\s)고무(\s|<)/);
  });
});

describe('초성', () => {
  it('recognises a query of initial consonants only', () => {
    expect(isChoseongQuery(normalizeQuery('ㅅㅁㅌ').terms)).toBe(true);
    expect(isChoseongQuery(normalizeQuery('ㅅㅁㅌ ㄱㅈ').terms)).toBe(true);
    expect(isChoseongQuery(normalizeQuery('ㅅㅁㅌ 공장').terms)).toBe(false);
    expect(isChoseongQuery(normalizeQuery('').terms)).toBe(false);
  });

  it('gives title tokens and a word-start pattern', () => {
    expect(choseongTokens('스마트공장을 세운 MES 도입기')).toEqual(['ㅅㅁㅌㄱㅈㅇ', 'ㅅㅇ', 'ㄷㅇㄱ']);
    const pattern = new RegExp(choseongPattern('ㅅㅁㅌ')!);
    expect(pattern.test('스마트공장 도입기')).toBe(true);
    expect(pattern.test('우리 스마트팩토리')).toBe(true);
    expect(pattern.test('전북스마트공장')).toBe(false); // not at the start of a word
    expect(pattern.test('서민 타운')).toBe(false);
    expect(new RegExp(choseongPattern('ㄲ')!).test('꿈')).toBe(true);
    expect(choseongPattern('ㄳ')).toBeUndefined();
  });

  it('suggests the other spacing and related searches when nothing is found', () => {
    const labels = (q: string) => emptySuggestions(q).map((s) => s.label);
    expect(labels('품질 관리')).toEqual(expect.arrayContaining(['붙여 쓴 ‘품질관리’', '‘품질’만', '‘관리’만', '토론 글에서 찾기', '도입 전 체크리스트']));
    expect(labels('스마트공장')).toContain('띄어 쓴 ‘스마트 공장’');
    expect(emptySuggestions('품질관리').find((s) => s.label.startsWith('띄어'))!.href).toBe(`/search?q=${encodeURIComponent('품질 관리')}`);
  });
});

describe.each(databaseTargets())('spacing, joined words and 초성 in the database searches on $name', (target) => {
  const db = useDatabase(target);
  let counter = 0;

  it('discussions: every spelling finds the same threads, the intended ones among them', async () => {
    const user = await makeUser(db());
    const free = (await boardBySlug(db(), 'free'))!;
    const boards = await readableBoards(db(), user);
    const post = async (title: string, body: string) =>
      (await createThread(db(), { boardId: free.id, authorId: user.id, title, body, sigunCode: null, industry: null, submissionKey: `s${++counter}` })).threadId;
    const compound = await post('품질관리 첫걸음', '검사 기록을 한곳에 모읍니다.');
    const spaced = await post('현장 이야기', '품질 관리 담당자를 새로 뽑았습니다.');
    const smart = await post('스마트 공장 견학기', '생산 관리 시스템을 둘러봤습니다.');
    const joined = await post('설비 이야기', '스마트공장을 도입했고 생산관리시스템도 바꿨습니다. 업종은 플라스틱·고무, 바이오·의약, ERP/MES, 사출-성형, 금형,프레스입니다.');
    const unrelated = await post('점심 메뉴', '오늘은 비빔밥입니다.');

    const ids = async (q: string) => new Set((await searchDiscussions(db(), user, q, { boards })).hits.map((h) => h.threadId));
    const intended: Record<string, number[]> = {
      품질관리: [compound, spaced],
      스마트공장: [smart, joined],
      '생산관리 시스템': [smart, joined],
    };
    for (const row of EQUIVALENT_QUERIES) {
      const first = await ids(row[0]!);
      for (const id of intended[row[0]!]!) expect([...first], `${row[0]} finds ${id}`).toContain(id);
      expect([...first]).not.toContain(unrelated);
      for (const q of row.slice(1)) expect(await ids(q), `${q} = ${row[0]}`).toEqual(first);
    }
    for (const part of ['고무', '의약', 'mes', '성형', '프레스']) expect(await ids(part), part).toEqual(new Set([joined]));

    // 초성: thread titles whose words start so, newest activity first.
    const choseong = await searchDiscussions(db(), user, 'ㅅㅁㅌ', { boards });
    expect(choseong.hits.map((h) => h.threadId)).toEqual([smart]);
    expect(choseong.total).toBe(1);
    expect(await ids('ㅍㅈㄱㄹ')).toEqual(new Set([compound]));
    expect(await ids('ㅅㅁㅌ ㄱㅎ')).toEqual(new Set([smart]));
    expect(await ids('ㅎㅈ ㅇㅇㄱ')).toEqual(new Set([spaced]));
    expect(await ids('ㄱㄴㄷ')).toEqual(new Set());
  });

  it('discussions: says how many matched and pages through all of them, titles first', async () => {
    const user = await makeUser(db());
    const free = (await boardBySlug(db(), 'free'))!;
    const boards = await readableBoards(db(), user);
    const titled = (await createThread(db(), { boardId: free.id, authorId: user.id, title: '품질 관리 노하우', body: '적어 둡니다.', sigunCode: null, industry: null, submissionKey: `s${++counter}` })).threadId;
    for (let i = 0; i < DISCUSSION_PAGE_SIZE + 4; i++) {
      await createThread(db(), { boardId: free.id, authorId: user.id, title: `질문 ${i + 1}`, body: `품질관리 질문 ${i + 1}`, sigunCode: null, industry: null, submissionKey: `s${++counter}` });
    }
    const first = await searchDiscussions(db(), user, '품질관리', { boards });
    expect(first.total).toBe(DISCUSSION_PAGE_SIZE + 5);
    expect(first.hits).toHaveLength(DISCUSSION_PAGE_SIZE);
    expect(first.hits[0]!.threadId).toBe(titled); // the words in the title: first
    const second = await searchDiscussions(db(), user, '품질 관리', { boards, page: 2 });
    expect(second.total).toBe(DISCUSSION_PAGE_SIZE + 5);
    expect(second.hits).toHaveLength(5);
    const all = new Set([...first.hits, ...second.hits].map((h) => h.postId));
    expect(all.size).toBe(DISCUSSION_PAGE_SIZE + 5);
    const beyond = await searchDiscussions(db(), user, '품질관리', { boards, page: 9 });
    expect(beyond.hits).toEqual([]);
    expect(beyond.total).toBe(DISCUSSION_PAGE_SIZE + 5);
  });

  it('announcements: the same table, joined words, 초성, counts and pages', async () => {
    const now = new Date('2026-12-01T03:00:00Z');
    const notice = (title: string, body: string) =>
      createNotice(db(), {
        fields: { title, body, category: 'general', sigunCode: null, licence: 'KOGL-1', deadline: null, attachments: [] },
        publication: { status: 'published', publishAt: new Date(now.getTime() - 3600_000) },
        authorId: null,
        pinned: false,
        now: new Date(now.getTime() - 48 * 3600_000),
      });
    const compound = await notice('품질관리 교육 안내', '담당자 교육입니다.');
    const spaced = await notice('스마트 공장 설명회', '품질 관리와 생산 관리 시스템 사례를 소개합니다.');
    const joined = await notice('지원 분야', '스마트공장, 생산관리시스템. 대상 업종: 플라스틱·고무, 바이오·의약.');
    const ids = async (q: string) => new Set((await searchNotices(db(), q, now)).map((h) => h.id));
    for (const row of EQUIVALENT_QUERIES) {
      const first = await ids(row[0]!);
      expect(first.size, row[0]).toBeGreaterThan(0);
      for (const q of row.slice(1)) expect(await ids(q), `${q} = ${row[0]}`).toEqual(first);
    }
    expect(await ids('품질관리')).toEqual(new Set([compound.id, spaced.id]));
    expect(await ids('스마트공장')).toEqual(new Set([spaced.id, joined.id]));
    expect(await ids('고무')).toEqual(new Set([joined.id]));
    expect(await ids('의약')).toEqual(new Set([joined.id]));
    expect(await ids('ㅅㅁㅌ')).toEqual(new Set([spaced.id]));
    expect(await ids('ㅍㅈㄱㄹ ㄱㅇ')).toEqual(new Set([compound.id]));
    const page = await searchNoticesPage(db(), '품질 관리', now, { limit: 1 });
    expect(page.total).toBe(2);
    expect(page.hits.map((h) => h.id)).toEqual([compound.id]); // in the title: first
    expect((await searchNoticesPage(db(), '품질관리', now, { limit: 1, page: 2 })).hits.map((h) => h.id)).toEqual([spaced.id]);
  });
});
