// Smart-factory levels as the national reference model names them (기초, 중간1, 중간2, 고도화),
// plus the newer support tiers (고도화1, 고도화2). Stored as data, not as fixed UI strings, so
// either naming can be shown. The one list for case studies and checklists.
export const SMART_FACTORY_LEVELS = ['기초', '중간1', '중간2', '고도화', '고도화1', '고도화2'] as const;

export type SmartFactoryLevel = (typeof SMART_FACTORY_LEVELS)[number];
