// Keeping the programme figures (/staff/programme): adoptions per year and 시·군 and the
// target, changed through the form or a sheet import. Every change is written to the
// append-only audit log with who and when; that log is also the figures' history.
import { and, desc, eq, inArray, like, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditLog, programmeAdoptions, programmeTarget, type AuditEntry, type User } from '../db/schema';
import { recordAudit } from '../admin/audit';
import type { SigunCode } from '../regions';
import type { ProgrammeTarget } from '../programme';

/** Figures are whole numbers of companies in a plausible range of years. */
export const FIGURE_LIMITS = { minYear: 2000, maxYear: 2100, maxAdopted: 10_000 } as const;

export interface AdoptionChange {
  year: number;
  sigun: SigunCode;
  adopted: number;
  /** What the editor saw before changing it (null: no figure yet); a different value now is a conflict. */
  previous: number | null;
}

export interface FigureConflict {
  year: number;
  sigun: SigunCode;
  /** The value in the database now (null: none). */
  current: number | null;
}

type Actor = Pick<User, 'id' | 'displayName'> | null;

/** The current figure of each (year, 시·군) asked for; missing ones are absent from the map. */
export async function currentFigures(db: Database, cells: { year: number; sigun: string }[]): Promise<Map<string, number>> {
  if (cells.length === 0) return new Map();
  const rows = await db
    .select({ year: programmeAdoptions.year, sigun: programmeAdoptions.sigunCode, adopted: programmeAdoptions.adopted })
    .from(programmeAdoptions)
    .where(or(...cells.map((c) => and(eq(programmeAdoptions.year, c.year), eq(programmeAdoptions.sigunCode, c.sigun)))));
  return new Map(rows.map((r) => [cellKey(r.year, r.sigun), r.adopted]));
}

export const cellKey = (year: number, sigun: string) => `${year}-${sigun}`;

/**
 * Saves the changed figures in one transaction, or none of them when another person changed
 * one of them since the editor saw it (the conflicts are returned). Unchanged values are not
 * written or logged; an edited sample figure becomes a real one.
 */
export async function saveAdoptions(
  db: Database,
  input: { actor: Actor; changes: AdoptionChange[]; source: 'form' | 'import'; now?: Date },
): Promise<{ ok: true; changed: number } | { ok: false; conflicts: FigureConflict[] }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    if (input.changes.length === 0) return { ok: true as const, changed: 0 };
    // Lock the rows that exist, so two saves of the same cell take turns.
    await t.execute(
      sql`select 1 from programme_adoptions where (year, sigun_code) in (${sql.join(
        input.changes.map((c) => sql`(${c.year}, ${c.sigun})`),
        sql`, `,
      )}) for update`,
    );
    const current = await currentFigures(t, input.changes);
    const conflicts = input.changes
      .filter((c) => (current.get(cellKey(c.year, c.sigun)) ?? null) !== c.previous)
      .map((c) => ({ year: c.year, sigun: c.sigun, current: current.get(cellKey(c.year, c.sigun)) ?? null }));
    if (conflicts.length > 0) return { ok: false as const, conflicts };
    let changed = 0;
    for (const c of input.changes) {
      if (c.previous === c.adopted) continue;
      await t
        .insert(programmeAdoptions)
        .values({ year: c.year, sigunCode: c.sigun, adopted: c.adopted, sample: false, updatedBy: input.actor?.id ?? null, updatedAt: now })
        .onConflictDoUpdate({
          target: [programmeAdoptions.year, programmeAdoptions.sigunCode],
          set: { adopted: c.adopted, sample: false, updatedBy: input.actor?.id ?? null, updatedAt: now },
        });
      await recordAudit(t, {
        actor: input.actor,
        action: 'programme.adoption',
        targetType: 'programme',
        targetId: cellKey(c.year, c.sigun),
        details: { year: c.year, sigun: c.sigun, from: c.previous, to: c.adopted, source: input.source },
      });
      changed += 1;
    }
    return { ok: true as const, changed };
  });
}

/** Changes the programme target (province staff); audited with the old and new values. */
export async function saveTarget(db: Database, input: { actor: Actor; target: ProgrammeTarget; previous: ProgrammeTarget; now?: Date }): Promise<boolean> {
  const { target, previous } = input;
  const keys = ['companies', 'perYear', 'startYear', 'byYear'] as const;
  const changedKeys = keys.filter((k) => target[k] !== previous[k]);
  if (changedKeys.length === 0) return false;
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    await t
      .insert(programmeTarget)
      .values({ id: 1, ...target, updatedBy: input.actor?.id ?? null, updatedAt: now })
      .onConflictDoUpdate({ target: programmeTarget.id, set: { ...target, updatedBy: input.actor?.id ?? null, updatedAt: now } });
    await recordAudit(t, {
      actor: input.actor,
      action: 'programme.target',
      targetType: 'programme',
      targetId: 'target',
      details: Object.fromEntries(changedKeys.map((k) => [k, `${previous[k]} → ${target[k]}`])),
    });
  });
  return true;
}

export const HISTORY_PER_PAGE = 50;

export interface FigureHistoryEntry {
  id: number;
  at: Date;
  actorName: string;
  action: 'programme.adoption' | 'programme.target';
  details: Record<string, unknown>;
}

/** Changes to the figures, newest first (`before`: continue from an entry id); optionally one 시·군. */
export async function figureHistory(db: Database, filter: { sigun?: string; before?: number; limit?: number } = {}) {
  const limit = filter.limit ?? HISTORY_PER_PAGE;
  const rows: AuditEntry[] = await db
    .select()
    .from(auditLog)
    .where(
      and(
        filter.sigun
          ? and(eq(auditLog.action, 'programme.adoption'), like(auditLog.targetId, `%-${filter.sigun}`))
          : inArray(auditLog.action, ['programme.adoption', 'programme.target']),
        filter.before ? lt(auditLog.id, filter.before) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map(
    (r): FigureHistoryEntry => ({
      id: r.id,
      at: r.createdAt,
      actorName: r.actorName,
      action: r.action as FigureHistoryEntry['action'],
      details: (r.details ?? {}) as Record<string, unknown>,
    }),
  );
  return { entries: page, next: rows.length > limit ? page.at(-1)!.id : undefined };
}
