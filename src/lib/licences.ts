// 공공누리 (KOGL) licence types shown on published content.
import type { Licence } from './cases/schema';

export const LICENCE_INFO: Record<Licence, { label: string; terms: string }> = {
  'KOGL-1': { label: '공공누리 제1유형', terms: '출처표시' },
  'KOGL-2': { label: '공공누리 제2유형', terms: '출처표시 + 상업적 이용금지' },
  'KOGL-3': { label: '공공누리 제3유형', terms: '출처표시 + 변경금지' },
  'KOGL-4': { label: '공공누리 제4유형', terms: '출처표시 + 상업적 이용금지 + 변경금지' },
};

export const KOGL_URL = 'https://www.kogl.or.kr/info/license.do';
