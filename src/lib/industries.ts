// Industries used across the portal (members' profiles, case studies, filters), based on
// KSIC manufacturing divisions common in 전북.
export const INDUSTRIES = [
  '식품',
  '자동차부품',
  '기계',
  '금속가공',
  '화학',
  '섬유',
  '전기전자',
  '목재·가구',
  '농기계',
  '플라스틱·고무',
  '바이오·의약',
  '비금속광물',
  '기타',
] as const;

export type Industry = (typeof INDUSTRIES)[number];
