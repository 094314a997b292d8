// Every mail the portal sends has the same frame: Korean plain text and HTML, the portal's
// name, why the reader gets it, and a one-click unsubscribe (RFC 8058) that works without
// signing in. No images, no tracking.

export const PORTAL_NAME = '전북 스마트CEO포럼 포털';

export interface MailContent {
  subject: string;
  /** Opening line(s), one paragraph each. */
  paragraphs: string[];
  /** A main link (button in HTML). */
  action?: { label: string; url: string };
  /** Lines listed under the paragraphs (digest items …), each optionally linked. */
  items?: { text: string; url?: string }[];
  /** Why the reader gets this mail. */
  reason: string;
  /** One-click unsubscribe address (also in the List-Unsubscribe header). */
  unsubscribeUrl: string;
  /** What the unsubscribe link stops, e.g. "이런 알림 메일". */
  unsubscribeLabel?: string;
}

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

const escape = (s: string) => escapeHtml(s);
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function composeMail(content: MailContent): ComposedMail {
  const stop = content.unsubscribeLabel ?? '이런 메일';
  const text = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []),
    ...(content.items?.length ? [content.items.map((i) => `- ${i.text}${i.url ? `\n  ${i.url}` : ''}`).join('\n')] : []),
    '--',
    `${PORTAL_NAME}`,
    content.reason,
    `${stop} 그만 받기(로그인 없이 바로): ${content.unsubscribeUrl}`,
  ].join('\n\n');
  const html = `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>${escape(content.subject)}</title></head>
<body style="font-family:sans-serif;line-height:1.6;color:#1a1a1a;max-width:640px;margin:0 auto;padding:16px">
<p style="font-weight:bold;margin:0 0 16px">${escape(PORTAL_NAME)}</p>
${content.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
${content.action ? `<p><a href="${escape(content.action.url)}" style="display:inline-block;padding:10px 16px;background:#0b4f8a;color:#ffffff;text-decoration:none;border-radius:4px">${escape(content.action.label)}</a></p>\n<p style="font-size:90%">링크가 열리지 않으면 이 주소를 복사해 주세요: ${escape(content.action.url)}</p>` : ''}
${content.items?.length ? `<ul>${content.items.map((i) => `<li>${i.url ? `<a href="${escape(i.url)}">${escape(i.text)}</a>` : escape(i.text)}</li>`).join('')}</ul>` : ''}
<hr>
<p style="font-size:90%;color:#444">${escape(content.reason)}<br><a href="${escape(content.unsubscribeUrl)}">${escape(stop)} 그만 받기</a> (로그인하지 않아도 됩니다)</p>
</body></html>`;
  return {
    subject: `[${PORTAL_NAME}] ${content.subject}`,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${content.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
