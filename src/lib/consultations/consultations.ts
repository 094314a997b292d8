// Consultation requests (사전 컨설팅·멘토 방문 신청): a signed-in company asks, staff triage and
// assign helpers, everyone involved talks privately, and the request moves through its
// states (./states.ts). Every change notifies the other parties in the portal, and by mail
// in the same transaction (src/lib/mail/notifications.ts); staff actions are audited.
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import {
  sigunScopes,
  checklistAssessments,
  consultationAssignees,
  files,
  consultationMessages,
  consultations,
  notifications,
  users,
  type Consultation,
  type ConsultationMessage,
  type ConsultationState,
  type User,
} from '../db/schema';
import { can, type ConsultationAccess } from '../auth/permissions';
import { recordAudit } from '../admin/audit';
import { renderMemberMarkdown } from '../markdown';
import { queueNotificationMails } from '../mail/notifications';
import { median } from '../cases/stats';
import { nextState, OPEN_STATES, STATE_LABELS, type Transition } from './states';

type Person = Pick<User, 'id' | 'displayName' | 'role'> & Partial<Pick<User, 'suspendedUntil' | 'emailVerifiedAt'>>;

export interface RequestFields {
  companyName: string;
  contactName: string | null;
  contactPhone: string | null;
  sigunCode: string;
  industry: string | null;
  topics: string[];
  preferredDates: string | null;
  description: string;
  assessmentId: number | null;
}

export interface Assignee {
  id: number;
  displayName: string;
  companyName: string;
  role: User['role'];
}

export interface ConsultationView {
  consultation: Consultation;
  assignees: Assignee[];
  access: ConsultationAccess;
}

const validId = (id: number) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647;

async function assigneesOf(db: Database, consultationIds: number[]): Promise<Map<number, Assignee[]>> {
  const map = new Map<number, Assignee[]>();
  if (!consultationIds.length) return map;
  const rows = await db
    .select({ consultationId: consultationAssignees.consultationId, id: users.id, displayName: users.displayName, companyName: users.companyName, role: users.role })
    .from(consultationAssignees)
    .innerJoin(users, eq(users.id, consultationAssignees.userId))
    .where(inArray(consultationAssignees.consultationId, consultationIds))
    .orderBy(asc(consultationAssignees.assignedAt), asc(users.id));
  for (const { consultationId, ...a } of rows) map.set(consultationId, [...(map.get(consultationId) ?? []), a]);
  return map;
}

function accessOf(consultation: Consultation, assignees: Assignee[]): ConsultationAccess {
  return { consultation, assigneeIds: assignees.map((a) => a.id) };
}

/** Writes notifications (and their mails) for these people, never for the one who acted. */
async function notify(db: Database, recipientIds: number[], actorId: number | null, consultationId: number, message: string, now: Date) {
  const ids = [...new Set(recipientIds)].filter((id) => id !== actorId);
  if (!ids.length) return;
  const written = await db
    .insert(notifications)
    .values(ids.map((userId) => ({ userId, kind: 'consultation' as const, consultationId, actorId, message, createdAt: now })))
    .returning({ id: notifications.id });
  await queueNotificationMails(db, written.map((n) => n.id), now);
}

/** Who handles requests of this 시·군 (see coversSigun in permissions): province staff and the 시·군's 담당자. */
async function handlingStaffIds(db: Database, sigunCode: string): Promise<number[]> {
  const candidates = await db
    .select({ id: users.id, role: users.role, scope: sigunScopes.sigunCode })
    .from(users)
    .leftJoin(sigunScopes, and(eq(sigunScopes.userId, users.id), eq(sigunScopes.sigunCode, sigunCode)))
    .where(and(eq(users.sample, false), or(eq(users.role, 'staff'), eq(sigunScopes.sigunCode, sigunCode))));
  const staff = candidates.map((c) => ({ id: c.id, role: c.role, sigunScopes: c.scope ? [c.scope] : [] }));
  return staff.filter((s) => can(s, 'consultation.dashboard', null) && can(s, 'consultation.triage', {
    consultation: { requesterId: null, sigunCode, state: 'received' },
    assigneeIds: [],
  })).map((s) => s.id);
}

const parties = (view: ConsultationView) => [...(view.consultation.requesterId ? [view.consultation.requesterId] : []), ...view.access.assigneeIds];

/** A new request; the checklist result must be the requester's own. Staff are notified. */
export async function createConsultation(db: Database, input: { requester: Pick<User, 'id'>; fields: RequestFields; now: Date; sample?: boolean }): Promise<Consultation | undefined> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    if (input.fields.assessmentId !== null) {
      const [own] = await t
        .select({ id: checklistAssessments.id })
        .from(checklistAssessments)
        .where(and(eq(checklistAssessments.id, input.fields.assessmentId), eq(checklistAssessments.userId, input.requester.id)));
      if (!own) return undefined;
    }
    const [created] = await t
      .insert(consultations)
      .values({ ...input.fields, requesterId: input.requester.id, createdAt: input.now, updatedAt: input.now, sample: input.sample ?? false })
      .returning();
    await notify(t, await handlingStaffIds(t, created!.sigunCode), input.requester.id, created!.id, '새 컨설팅 신청이 접수되었습니다.', input.now);
    return created!;
  });
}

/** The request with its assignees, whoever asks (no permission check: callers decide). */
export async function consultationById(db: Database, id: number): Promise<ConsultationView | undefined> {
  if (!validId(id)) return undefined;
  const [consultation] = await db.select().from(consultations).where(eq(consultations.id, id));
  if (!consultation) return undefined;
  const assignees = (await assigneesOf(db, [id])).get(id) ?? [];
  return { consultation, assignees, access: accessOf(consultation, assignees) };
}

/**
 * The request as `viewer` may see it; undefined (→ 404) for anyone who may not. Staff opening
 * a request they are not assigned to leave an audit-log entry.
 */
export async function openConsultation(db: Database, viewer: Person | null | undefined, id: number): Promise<ConsultationView | undefined> {
  const view = await consultationById(db, id);
  if (!view || !can(viewer, 'consultation.view', view.access)) return undefined;
  const involved = view.consultation.requesterId === viewer!.id || view.access.assigneeIds.includes(viewer!.id);
  if (!involved) {
    await recordAudit(db, { actor: viewer!, action: 'consultation.view', targetType: 'consultation', targetId: id });
  }
  return view;
}

export interface ConsultationListItem {
  consultation: Consultation;
  assignees: Assignee[];
}

async function withAssignees(db: Database, rows: Consultation[]): Promise<ConsultationListItem[]> {
  const map = await assigneesOf(db, rows.map((r) => r.id));
  return rows.map((consultation) => ({ consultation, assignees: map.get(consultation.id) ?? [] }));
}

/** A company's own requests, newest first. */
export async function requestsOf(db: Database, userId: number): Promise<ConsultationListItem[]> {
  return withAssignees(db, await db.select().from(consultations).where(eq(consultations.requesterId, userId)).orderBy(desc(consultations.createdAt), desc(consultations.id)));
}

/** Requests a helper is assigned to, open ones first. */
export async function assignedTo(db: Database, userId: number): Promise<ConsultationListItem[]> {
  const rows = await db
    .select({ c: consultations })
    .from(consultations)
    .innerJoin(consultationAssignees, eq(consultationAssignees.consultationId, consultations.id))
    .where(eq(consultationAssignees.userId, userId))
    .orderBy(sql`${consultations.state} in ('completed', 'rejected', 'withdrawn')`, asc(consultations.createdAt));
  return withAssignees(db, rows.map((r) => r.c));
}

export interface DashboardFilters {
  sigun?: string;
  state?: ConsultationState;
  /** A 시·군 담당자 sees only their 시·군 (undefined: every 시·군). */
  within?: readonly string[];
}

/** Staff dashboard: the requests (open ones by default), oldest waiting first. */
export async function dashboardRequests(db: Database, filters: DashboardFilters): Promise<ConsultationListItem[]> {
  const rows = await db
    .select()
    .from(consultations)
    .where(
      and(
        filters.sigun ? eq(consultations.sigunCode, filters.sigun) : undefined,
        filters.within ? inArray(consultations.sigunCode, [...filters.within]) : undefined,
        filters.state ? eq(consultations.state, filters.state) : inArray(consultations.state, [...OPEN_STATES]),
      ),
    )
    .orderBy(asc(consultations.createdAt), asc(consultations.id))
    .limit(500);
  return withAssignees(db, rows);
}

export interface ConsultationFigures {
  /** Hours from the request to the first answer by someone else (median). */
  medianHoursToFirstAnswer: number | null;
  /** Days from the request to 완료 (median). */
  medianDaysToCompletion: number | null;
  byState: Record<ConsultationState, number>;
  bySigun: Record<string, number>;
}

/** Pure: the dashboard figures of these requests. */
export function consultationFigures(rows: readonly Pick<Consultation, 'createdAt' | 'firstAnsweredAt' | 'completedAt' | 'state' | 'sigunCode'>[]): ConsultationFigures {
  const hours = rows.filter((r) => r.firstAnsweredAt).map((r) => (r.firstAnsweredAt!.getTime() - r.createdAt.getTime()) / 3_600_000);
  const days = rows.filter((r) => r.completedAt).map((r) => (r.completedAt!.getTime() - r.createdAt.getTime()) / 86_400_000);
  const byState = Object.fromEntries(Object.keys(STATE_LABELS).map((k) => [k, 0])) as Record<ConsultationState, number>;
  const bySigun: Record<string, number> = {};
  for (const r of rows) {
    byState[r.state]++;
    bySigun[r.sigunCode] = (bySigun[r.sigunCode] ?? 0) + 1;
  }
  return { medianHoursToFirstAnswer: median(hours), medianDaysToCompletion: median(days), byState, bySigun };
}

export async function allConsultationTimes(db: Database, within?: readonly string[]) {
  return db
    .select({ createdAt: consultations.createdAt, firstAnsweredAt: consultations.firstAnsweredAt, completedAt: consultations.completedAt, state: consultations.state, sigunCode: consultations.sigunCode })
    .from(consultations)
    .where(within ? inArray(consultations.sigunCode, [...within]) : undefined);
}

// ── Changes ─────────────────────────────────────────────────────────────────

export type ChangeOutcome = { ok: true; state: ConsultationState } | { ok: false; reason: 'forbidden' | 'state' };

interface ChangeBase {
  view: ConsultationView;
  actor: Person;
  now: Date;
}

const answeredBy = (view: ConsultationView, actor: Person, now: Date) =>
  view.consultation.firstAnsweredAt || view.consultation.requesterId === actor.id ? {} : { firstAnsweredAt: now };

async function applyChange(
  db: Database,
  base: ChangeBase,
  transition: Transition,
  set: Partial<Consultation>,
  message: string,
  extraRecipients: number[] = [],
  auditReason?: string | null,
): Promise<ChangeOutcome> {
  const { view, actor, now } = base;
  const state = nextState(view.consultation.state, transition);
  if (!state) return { ok: false, reason: 'state' };
  await db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const closing = state === 'completed' || state === 'rejected' || state === 'withdrawn';
    await t
      .update(consultations)
      .set({ ...set, ...answeredBy(view, actor, now), state, updatedAt: now, ...(state === 'completed' ? { completedAt: now } : {}), ...(closing ? { closedAt: now } : {}) })
      .where(eq(consultations.id, view.consultation.id));
    await recordAudit(t, {
      actor,
      action: 'consultation.state',
      targetType: 'consultation',
      targetId: view.consultation.id,
      reason: auditReason ?? null,
      details: { from: STATE_LABELS[view.consultation.state], to: STATE_LABELS[state] },
    });
    const staff = transition === 'withdraw' ? await handlingStaffIds(t, view.consultation.sigunCode) : [];
    await notify(t, [...parties(view), ...extraRecipients, ...staff], actor.id, view.consultation.id, message, now);
  });
  return { ok: true, state };
}

/** Staff assign one or more helpers (replacing the assignees); 접수 becomes 배정. */
export async function assignHelpers(db: Database, base: ChangeBase & { userIds: number[] }): Promise<ChangeOutcome> {
  const { view, actor, now, userIds } = base;
  if (!can(actor, 'consultation.triage', view.access)) return { ok: false, reason: 'forbidden' };
  const state = nextState(view.consultation.state, 'assign');
  if (!state || userIds.length === 0) return { ok: false, reason: 'state' };
  const people = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, userIds));
  await db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    await t.delete(consultationAssignees).where(eq(consultationAssignees.consultationId, view.consultation.id));
    await t.insert(consultationAssignees).values(people.map((p) => ({ consultationId: view.consultation.id, userId: p.id, assignedBy: actor.id, assignedAt: now })));
    await t
      .update(consultations)
      .set({ state, updatedAt: now, ...answeredBy(view, actor, now) })
      .where(eq(consultations.id, view.consultation.id));
    await recordAudit(t, {
      actor,
      action: 'consultation.assign',
      targetType: 'consultation',
      targetId: view.consultation.id,
      details: { from: STATE_LABELS[view.consultation.state], to: STATE_LABELS[state], assignees: people.map((p) => p.displayName).join(', ') },
    });
    const recipients = [...(view.consultation.requesterId ? [view.consultation.requesterId] : []), ...people.map((p) => p.id)];
    await notify(t, recipients, actor.id, view.consultation.id, `담당자가 배정되었습니다: ${people.map((p) => p.displayName).join(', ')}`, now);
  });
  return { ok: true, state };
}

export async function scheduleVisit(db: Database, base: ChangeBase & { visitAt: Date; label: string }): Promise<ChangeOutcome> {
  if (!can(base.actor, 'consultation.schedule', base.view.access)) return { ok: false, reason: 'forbidden' };
  return applyChange(db, base, 'schedule', { visitAt: base.visitAt }, `방문 일정이 잡혔습니다: ${base.label}`);
}

export async function completeConsultation(db: Database, base: ChangeBase & { outcome: string }): Promise<ChangeOutcome> {
  if (!can(base.actor, 'consultation.complete', base.view.access)) return { ok: false, reason: 'forbidden' };
  return applyChange(db, base, 'complete', { outcome: base.outcome }, '컨설팅이 완료되었습니다. 만족도를 남겨 주세요.');
}

export async function rejectConsultation(db: Database, base: ChangeBase & { reason: string }): Promise<ChangeOutcome> {
  if (!can(base.actor, 'consultation.triage', base.view.access)) return { ok: false, reason: 'forbidden' };
  return applyChange(db, base, 'reject', { rejectReason: base.reason }, `신청이 반려되었습니다: ${base.reason}`, [], base.reason);
}

export async function withdrawConsultation(db: Database, base: ChangeBase): Promise<ChangeOutcome> {
  if (!can(base.actor, 'consultation.withdraw', base.view.access)) return { ok: false, reason: 'forbidden' };
  return applyChange(db, base, 'withdraw', {}, '회사가 신청을 철회했습니다.');
}

/** The company's 1–5 rating of a finished request (may be changed). */
export async function rateConsultation(db: Database, base: ChangeBase & { rating: number; comment: string | null }): Promise<ChangeOutcome> {
  const { view, actor, now } = base;
  if (!can(actor, 'consultation.rate', view.access)) return { ok: false, reason: 'forbidden' };
  await db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    await t.update(consultations).set({ rating: base.rating, ratingComment: base.comment, updatedAt: now }).where(eq(consultations.id, view.consultation.id));
    await notify(t, view.access.assigneeIds as number[], actor.id, view.consultation.id, `회사가 만족도 ${base.rating}점을 남겼습니다.`, now);
  });
  return { ok: true, state: view.consultation.state };
}

// ── Conversation ────────────────────────────────────────────────────────────

export type MessageView = ConsultationMessage & { authorName: string | null; authorRole: User['role'] | null };

export async function messagesOf(db: Database, consultationId: number): Promise<MessageView[]> {
  const rows = await db
    .select({ message: consultationMessages, authorName: users.displayName, authorRole: users.role })
    .from(consultationMessages)
    .leftJoin(users, eq(users.id, consultationMessages.authorId))
    .where(eq(consultationMessages.consultationId, consultationId))
    .orderBy(asc(consultationMessages.id));
  return rows.map((r) => ({ ...r.message, authorName: r.authorName, authorRole: r.authorRole }));
}

/** A message in the private conversation; the other parties (and, from the company, staff when nobody is assigned) hear of it. */
export async function addMessage(db: Database, input: ChangeBase & { body: string }): Promise<ConsultationMessage | undefined> {
  const { view, actor, now } = input;
  if (!can(actor, 'consultation.message', view.access)) return undefined;
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const [message] = await t
      .insert(consultationMessages)
      .values({ consultationId: view.consultation.id, authorId: actor.id, bodySource: input.body, bodyHtml: renderMemberMarkdown(input.body), createdAt: now })
      .returning();
    await t.update(consultations).set({ updatedAt: now, ...answeredBy(view, actor, now) }).where(eq(consultations.id, view.consultation.id));
    const staff = view.access.assigneeIds.length === 0 ? await handlingStaffIds(t, view.consultation.sigunCode) : [];
    await notify(t, [...parties(view), ...staff], actor.id, view.consultation.id, `${actor.displayName}님이 메시지를 남겼습니다.`, now);
    return message!;
  });
}

// ── Account deletion ────────────────────────────────────────────────────────

/**
 * Before an account goes: the requester's personal fields leave their requests (company,
 * contact, description, the shared checklist link, their files); 시·군, industry, topics, states, dates
 * and rating stay for the programme's statistics. Their messages are emptied.
 */
export async function anonymiseRequestsOf(db: Database, userId: number, now: Date): Promise<number> {
  const mine = await db.select({ id: consultations.id }).from(consultations).where(eq(consultations.requesterId, userId));
  if (!mine.length) return 0;
  const ids = mine.map((m) => m.id);
  await db
    .update(consultations)
    .set({ companyName: null, contactName: null, contactPhone: null, description: null, preferredDates: null, assessmentId: null, ratingComment: null, anonymisedAt: now, updatedAt: now })
    .where(inArray(consultations.id, ids));
  await db
    .update(consultationMessages)
    .set({ bodySource: '(탈퇴한 회원의 메시지)', bodyHtml: '<p>(탈퇴한 회원의 메시지)</p>' })
    .where(and(inArray(consultationMessages.consultationId, ids), eq(consultationMessages.authorId, userId)));
  // Their uploads leave the requests too (unattached files are swept a day later).
  await db
    .update(files)
    .set({ consultationId: null, attachedAt: now })
    .where(and(inArray(files.consultationId, ids), eq(files.uploaderId, userId)));
  return ids.length;
}
