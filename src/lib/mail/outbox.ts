// The mail queue: a mail is a row of mail_outbox, inserted in the same transaction as what
// causes it (a rolled-back sign-up sends nothing; a committed one cannot lose its mail).
// Each instance's delivery loop claims due rows with one UPDATE … FOR UPDATE SKIP LOCKED
// statement that also moves next_attempt_at ahead (a lease), then sends outside any
// transaction — PGlite has one connection, so no transaction is held while SMTP talks.
// Two instances never claim the same row; a crash mid-send makes the row due again when
// the lease ends (so a mail is delivered at least once, and only twice if the process dies
// between the SMTP server's "250 OK" and the status update).
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../db/client';
import { mailOutbox, type MailOutboxRow } from '../db/schema';
import type { ComposedMail } from './compose';

export interface OutgoingMail extends ComposedMail {
  kind: string;
  to: string;
}

/** Records a mail to send; pass the transaction of what causes it. */
export async function enqueueMail(db: Database, mail: OutgoingMail, now = new Date()): Promise<void> {
  await db.insert(mailOutbox).values({
    kind: mail.kind,
    toAddress: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
    createdAt: now,
    nextAttemptAt: now,
  });
}

export interface DeliveryPolicy {
  /** Tries before a mail is marked failed. */
  maxAttempts: number;
  /** Delay after the first failure; doubles each time, capped at an hour. */
  retryBaseMs: number;
  /** How long a claimed mail stays out of others' reach while it is being sent. */
  leaseMs: number;
  batchSize: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 8,
  retryBaseMs: 30_000,
  leaseMs: 5 * 60_000,
  batchSize: 20,
};

/** Sends one mail; throws on failure. `permanent` on the error means retrying is useless. */
export type SendMail = (mail: MailOutboxRow) => Promise<void>;

export function retryDelayMs(attempts: number, policy: DeliveryPolicy): number {
  return Math.min(policy.retryBaseMs * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

/** Claims due mails for this instance (each row goes to exactly one caller). */
export async function claimDueMails(db: Database, now: Date, policy: DeliveryPolicy): Promise<MailOutboxRow[]> {
  const leaseEnd = new Date(now.getTime() + policy.leaseMs);
  const result = await db.execute(sql`
    update mail_outbox set next_attempt_at = ${leaseEnd.toISOString()}::timestamptz, attempts = attempts + 1
    where id in (
      select id from mail_outbox
      where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
      order by next_attempt_at, id
      limit ${policy.batchSize}
      for update skip locked
    )
    returning id`);
  const ids = rowsOf<{ id: number }>(result).map((r) => Number(r.id));
  if (ids.length === 0) return [];
  const rows = await db.select().from(mailOutbox).where(inArray(mailOutbox.id, ids));
  return rows.sort((a, b) => a.id - b.id);
}

function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** What admins read in the outbox: a Korean summary, then the server's own words. */
function errorText(error: unknown): string {
  const { responseCode, code } = error as { responseCode?: number; code?: string };
  const summary = responseCode
    ? `SMTP 서버가 거절함(${responseCode})`
    : code === 'ECONNECTION' || code === 'ETIMEDOUT' || code === 'ESOCKET' || code === 'EDNS'
      ? 'SMTP 서버에 연결하지 못함'
      : '보내지 못함';
  return `${summary}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
}

/**
 * Sends what is due. Without a transport (no SMTP_URL) mails are marked 'kept': they stay
 * readable at /admin/outbox. Returns how many were sent (or kept).
 */
export async function deliverDueMails(
  db: Database,
  send: SendMail | undefined,
  now: Date,
  policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
): Promise<number> {
  const claimed = await claimDueMails(db, now, policy);
  let done = 0;
  for (const mail of claimed) {
    if (!send) {
      await db.update(mailOutbox).set({ status: 'kept', sentAt: now }).where(eq(mailOutbox.id, mail.id));
      done++;
      continue;
    }
    try {
      await send(mail);
      await db.update(mailOutbox).set({ status: 'sent', sentAt: new Date(), lastError: null }).where(eq(mailOutbox.id, mail.id));
      done++;
    } catch (error) {
      const giveUp = isPermanent(error) || mail.attempts >= policy.maxAttempts;
      await db
        .update(mailOutbox)
        .set({
          status: giveUp ? 'failed' : 'pending',
          lastError: errorText(error),
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(mail.attempts, policy)),
        })
        .where(eq(mailOutbox.id, mail.id));
    }
  }
  return done;
}

/** An admin's "다시 보내기": a failed mail gets a fresh set of tries, now. */
export async function retryMail(db: Database, id: number, now = new Date()): Promise<boolean> {
  const rows = await db
    .update(mailOutbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'failed')))
    .returning({ id: mailOutbox.id });
  return rows.length > 0;
}

export const OUTBOX_PAGE_SIZE = 50;

/** Newest first, by key; `status` narrows the list. */
export async function listOutbox(db: Database, options: { before?: number; status?: MailOutboxRow['status'] } = {}) {
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(and(options.before ? lt(mailOutbox.id, options.before) : undefined, options.status ? eq(mailOutbox.status, options.status) : undefined))
    .orderBy(desc(mailOutbox.id))
    .limit(OUTBOX_PAGE_SIZE + 1);
  const page = rows.slice(0, OUTBOX_PAGE_SIZE);
  return { rows: page, next: rows.length > OUTBOX_PAGE_SIZE ? page.at(-1)!.id : undefined };
}

export async function outboxMail(db: Database, id: number): Promise<MailOutboxRow | undefined> {
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).limit(1);
  return row;
}

export async function outboxCounts(db: Database): Promise<Record<MailOutboxRow['status'], number>> {
  const rows = await db.select({ status: mailOutbox.status, n: sql<number>`count(*)::int` }).from(mailOutbox).groupBy(mailOutbox.status);
  const counts = { pending: 0, sent: 0, failed: 0, kept: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
