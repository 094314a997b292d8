// The vocabulary of helper profiles and consultation requests: Samsung career fields and
// shop-floor processes. Pure data, shared by forms, filters and suggestions.

/** Samsung career fields (also the topics a company can ask for help with). */
export const MENTOR_FIELDS = ['생산기술', '품질', '금형', '자동화', '설비', '물류', '구매·SCM', 'IT·정보화', '안전·환경', '경영·원가'] as const;
export type MentorField = (typeof MENTOR_FIELDS)[number];

/** Processes a helper knows. */
export const PROCESSES = ['사출', '프레스', '절삭 가공(CNC)', '용접', '도장·표면처리', '조립', '열처리', '주조·단조', '식품 가공', '충전·포장', '검사', '창고·출하'] as const;
export type Process = (typeof PROCESSES)[number];

export const HELPER_KIND_LABELS = { mentor: '삼성 퇴직 멘토', senior: '선배기업' } as const;

/**
 * Which career fields help most with each section of the readiness checklist
 * (content/checklists/smart-factory-readiness.yaml); a request whose checklist is weak in a
 * section favours helpers from these fields.
 */
export const FIELDS_FOR_SECTION: Record<string, readonly MentorField[]> = {
  leadership: ['경영·원가'],
  'current-state': ['생산기술', '설비'],
  'kpi-targets': ['품질', '생산기술', '경영·원가'],
  'master-data': ['생산기술', '구매·SCM', '물류'],
  'data-collection': ['자동화', '설비', 'IT·정보화'],
  'it-infrastructure': ['IT·정보화'],
  'project-team': ['경영·원가', '생산기술'],
  budget: ['경영·원가'],
  vendor: ['IT·정보화', '구매·SCM'],
  'change-management': ['생산기술', '경영·원가'],
  security: ['IT·정보화', '안전·환경'],
  operations: ['설비', '자동화'],
};
