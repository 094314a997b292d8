// The 14 시·군 of 전북특별자치도 with their 5-digit 시군구 codes (52xxx since 2024-01-18;
// the prefix was 45 under 전라북도). The one list every feature uses.
export const SIGUN = [
  { code: '52110', name: '전주시', slug: 'jeonju' },
  { code: '52130', name: '군산시', slug: 'gunsan' },
  { code: '52140', name: '익산시', slug: 'iksan' },
  { code: '52180', name: '정읍시', slug: 'jeongeup' },
  { code: '52190', name: '남원시', slug: 'namwon' },
  { code: '52210', name: '김제시', slug: 'gimje' },
  { code: '52710', name: '완주군', slug: 'wanju' },
  { code: '52720', name: '진안군', slug: 'jinan' },
  { code: '52730', name: '무주군', slug: 'muju' },
  { code: '52740', name: '장수군', slug: 'jangsu' },
  { code: '52750', name: '임실군', slug: 'imsil' },
  { code: '52770', name: '순창군', slug: 'sunchang' },
  { code: '52790', name: '고창군', slug: 'gochang' },
  { code: '52800', name: '부안군', slug: 'buan' },
] as const;

export type Sigun = (typeof SIGUN)[number];
export type SigunCode = Sigun['code'];

export const SIGUN_CODES = SIGUN.map((s) => s.code) as [SigunCode, ...SigunCode[]];

export function sigunByCode(code: string | null | undefined): Sigun | undefined {
  return SIGUN.find((s) => s.code === code);
}
