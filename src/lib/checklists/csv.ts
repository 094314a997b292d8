// CSV export of one assessment: one row per item, with its section, answer and score.
import type { ChecklistAssessment } from '../db/schema';
import type { IdentifiedTemplate } from './template';
import { formatIsoDate } from '../dates';

function cell(value: string | number): string {
  const text = String(value);
  // Quote always; a leading = + - @ would be run as a formula by spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function assessmentCsv(template: IdentifiedTemplate, assessment: Pick<ChecklistAssessment, 'answers' | 'companyName' | 'updatedAt' | 'templateVersion'>): string {
  const header = ['회사', '진단일', '체크리스트', '판', '영역', '번호', '문항', '핵심 문항', '가중치', '답', '점수(0~1)'];
  const date = formatIsoDate(assessment.updatedAt);
  const rows = template.sections.flatMap((section, si) =>
    section.items.map((item, ii) => {
      const option = template.scales[item.scale]!.find((o) => o.value === assessment.answers[item.id]);
      return [
        assessment.companyName, date, template.title, assessment.templateVersion, section.title, `${si + 1}-${ii + 1}`,
        item.text, item.critical ? '예' : '아니요', item.weight, option?.label ?? '답하지 않음',
        option ? (option.score ?? '제외') : '',
      ];
    }),
  );
  return '\uFEFF' + [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
