// Member-written Markdown is rendered and sanitized once, when stored. Whatever is typed,
// the stored HTML must hold nothing a browser would run.
import { describe, expect, it } from 'vitest';
import { renderMemberMarkdown } from '../src/lib/markdown';
import { XSS_PAYLOADS } from './fixtures/xss-payloads';


const DANGEROUS = [
  /<script/i, /<svg/i, /<math/i, /<iframe/i, /<object/i, /<embed/i, /<style/i, /<link/i, /<meta/i,
  /<form/i, /<input/i, /<base/i, /<img/i, /<video/i, /<details/i, /<marquee/i, /<body/i,
  /\son\w+\s*=/i, /href\s*=\s*"\s*(javascript|data|vbscript):/i, /\sstyle\s*=/i, /\sclass\s*=/i, /\sid\s*=/i, /src\s*=/i,
];

describe('sanitized member HTML', () => {
  it('has at least 40 payloads', () => expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(40));

  it.each(XSS_PAYLOADS)('nothing executable survives: %s', (payload) => {
    const html = renderMemberMarkdown(`앞 글 ${payload} 뒤 글`);
    // Only real tags matter: escaped text such as "&lt;img onerror=…&gt;" is shown, not run.
    const tags = (html.match(/<[^>]*>/g) ?? []).join(' ');
    for (const pattern of DANGEROUS) expect(tags, `${pattern} in ${html}`).not.toMatch(pattern);
  });

  it('keeps ordinary Markdown and safe links, marked as user content', () => {
    const html = renderMemberMarkdown('## 제목\n\n**굵게**와 [포럼](https://example.kr/a?b=1)\n\n> 인용\n\n- 하나\n- 둘');
    expect(html).toContain('<h3>제목</h3>');
    expect(html).toContain('<strong>굵게</strong>');
    expect(html).toContain('<a href="https://example.kr/a?b=1" rel="nofollow ugc noopener" target="_blank">포럼</a>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<li>하나</li>');
  });
});

describe('images in member Markdown', () => {
  const hash = 'a'.repeat(64);

  it('shows images from the portal’s own file addresses, lazily, with their description', () => {
    const html = renderMemberMarkdown(`![설비 모니터링 화면](/files/${hash}/%ED%99%94%EB%A9%B4.jpg)`);
    expect(html).toContain(`<img src="/files/${hash}/%ED%99%94%EB%A9%B4.jpg" alt="설비 모니터링 화면" loading="lazy" decoding="async" />`);
  });

  it.each([
    '![x](https://evil.example/a.png)',
    '![x](//evil.example/files/' + 'a'.repeat(64) + '/a.png)',
    '![x](data:image/svg+xml;base64,PHN2Zz4=)',
    '![x](javascript:alert(1))',
    '![x](/files/../admin)',
    '![x](/files/' + 'a'.repeat(64) + '/a.png?x=1)',
    '![x](/files/' + 'g'.repeat(64) + '/a.png)',
    '![x](/forum/' + 'a'.repeat(64) + '/a.png)',
    '<img src="/files/' + 'a'.repeat(64) + '/a.png" onerror="alert(1)">',
    '![x](/files/' + 'a'.repeat(64) + '/a.png "t" onerror=alert(1))',
  ])('drops or defuses %s', (source) => {
    const html = renderMemberMarkdown(source);
    const tags = (html.match(/<[^>]*>/g) ?? []).join(' ');
    expect(tags).not.toMatch(/\son\w+\s*=|javascript:|data:|evil|\.\.|\?x=/i);
    for (const img of tags.match(/<img[^>]*>/g) ?? []) expect(img).toMatch(new RegExp(`src="/files/${'a'.repeat(64)}/a\\.png"`));
  });

  it('counts images without a description', async () => {
    const { imagesWithoutAlt } = await import('../src/lib/markdown');
    expect(imagesWithoutAlt(`![](/files/${hash}/a.jpg) ![설명](/files/${hash}/b.jpg) ![ ](x)`)).toBe(2);
  });
});
