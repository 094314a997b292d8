// The life of a consultation request: 접수 → 배정 → 방문 예정 (with a date) → 완료 (outcome,
// then the company's rating), or 반려 (with a reason); the company may withdraw (철회)
// while it is open. Pure: which change is allowed from which state.
import type { ConsultationState } from '../db/schema';

export const STATE_LABELS: Record<ConsultationState, string> = {
  received: '접수',
  assigned: '배정',
  scheduled: '방문 예정',
  completed: '완료',
  rejected: '반려',
  withdrawn: '철회',
};

export const OPEN_STATES: readonly ConsultationState[] = ['received', 'assigned', 'scheduled'];

export type Transition = 'assign' | 'schedule' | 'complete' | 'reject' | 'withdraw';

const ALLOWED: Record<Transition, { from: readonly ConsultationState[]; to: ConsultationState }> = {
  assign: { from: ['received', 'assigned', 'scheduled'], to: 'assigned' },
  schedule: { from: ['assigned', 'scheduled'], to: 'scheduled' },
  complete: { from: ['scheduled'], to: 'completed' },
  reject: { from: ['received', 'assigned', 'scheduled'], to: 'rejected' },
  withdraw: { from: ['received', 'assigned', 'scheduled'], to: 'withdrawn' },
};

/** The state after `transition`, or undefined when it is not allowed from `state`. */
export function nextState(state: ConsultationState, transition: Transition): ConsultationState | undefined {
  const rule = ALLOWED[transition];
  if (!rule.from.includes(state)) return undefined;
  // Re-assigning keeps a planned visit planned.
  if (transition === 'assign' && state === 'scheduled') return 'scheduled';
  return rule.to;
}
