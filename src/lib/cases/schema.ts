// The shape of a case-study file (content/cases/*.md). Strict: an unknown or misspelt
// field stops the build with the file and field named.
import { z } from 'astro/zod';
import { SIGUN_CODES } from '../regions';
import { INDUSTRIES } from '../industries';

import { SMART_FACTORY_LEVELS as LEVELS, type SmartFactoryLevel } from '../levels';

export { LEVELS };

export const SYSTEMS = [
  'MES', 'POP', 'ERP', '설비 모니터링', '품질 분석', 'SPC', 'WMS', '바코드·RFID', '비전 검사',
  '에너지 관리', '스마트 센서', '협동로봇', '디지털 작업표준', 'APS',
] as const;

// 공공누리 (Korea Open Government Licence) types, chosen per item.
export const LICENCES = ['KOGL-1', 'KOGL-2', 'KOGL-3', 'KOGL-4'] as const;

export const kpiSchema = z.strictObject({
  name: z.string().min(1),
  unit: z.string().min(1),
  before: z.number(),
  after: z.number(),
  /** Whether a higher or a lower value is better (a drop in 불량률 is an improvement). */
  direction: z.enum(['higher', 'lower']),
});

export const caseSchema = z.strictObject({
  title: z.string().min(5).max(80),
  summary: z.string().min(20).max(300),
  company: z.string().min(1),
  sigun: z.enum(SIGUN_CODES),
  industry: z.enum(INDUSTRIES),
  level: z.enum(LEVELS),
  year: z.number().int().min(2014).max(2100),
  employees: z.number().int().positive().optional(),
  systems: z.array(z.enum(SYSTEMS)).min(1),
  mentor: z.strictObject({
    name: z.string().min(1),
    career: z.string().min(1),
    role: z.string().min(1),
  }),
  patents: z.array(z.string().min(1)).default([]),
  kpis: z.array(kpiSchema).min(1),
  license: z.enum(LICENCES),
  source: z.string().min(1),
  publishedAt: z.coerce.date(),
  sample: z.boolean(),
  cover: z
    .strictObject({ src: z.string().min(1), alt: z.string().min(1) })
    .optional(),
});

export type CaseData = z.infer<typeof caseSchema>;
export type Kpi = z.infer<typeof kpiSchema>;
export type Level = SmartFactoryLevel;
export type Licence = (typeof LICENCES)[number];
