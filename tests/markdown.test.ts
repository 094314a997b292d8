import { describe, expect, it } from 'vitest';
import { renderMemberMarkdown, renderTrustedMarkdown } from '../src/lib/markdown';

describe('bold next to Korean (CommonMark flanking rules vs particles)', () => {
  it.each([
    ['**스마트공장(MES)**도 중요합니다', '<strong>스마트공장(MES)</strong>도'],
    ['**MES(생산관리)**를 도입했습니다', '<strong>MES(생산관리)</strong>를'],
    ['**『보고서』**는 이렇다', '<strong>『보고서』</strong>는'],
    ['**스마트공장**도', '<strong>스마트공장</strong>도'],
    ['이것은**굵게**다', '이것은<strong>굵게</strong>다'],
    ['**굵게 _기울여_(주석)**는', '<strong>굵게 <em>기울여</em>(주석)</strong>는'],
  ])('%s', (source, expected) => {
    expect(renderMemberMarkdown(source)).toContain(expected);
    expect(renderTrustedMarkdown(source)).toContain(expected);
  });

  it('leaves code, plain asterisks and Latin text as CommonMark has them', () => {
    expect(renderMemberMarkdown('`**코드(x)**도`')).toContain('<code>**코드(x)**도</code>');
    expect(renderMemberMarkdown('a **b.**c')).toContain('a **b.**c');
    expect(renderMemberMarkdown('2 ** 3 = 8 이고 ** 뒤')).not.toContain('<strong>');
    expect(renderMemberMarkdown('**bold** text')).toContain('<strong>bold</strong> text');
  });
});
