// Smart-factory levels as the national reference model names them. Stored as data (not a
// fixed UI string) so that the newer support-tier names (기초, 고도화1, 고도화2) can be added.
export const SMART_FACTORY_LEVELS = ['기초', '중간1', '중간2', '고도화'] as const;

export type SmartFactoryLevel = (typeof SMART_FACTORY_LEVELS)[number];
