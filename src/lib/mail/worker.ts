// The delivery loop every running instance has: it sends due mail from the outbox
// (src/lib/mail/outbox.ts), after turning due notifications into mails
// (src/lib/mail/notifications.ts: immediate ones and the 08:00 digest) and announcing new 공고
// to subscribers (src/lib/notices/subscriptions.ts). It starts with the server and stops on SIGTERM after the
// round in progress, before the database closes.
import type { Database } from '../db/client';
import type { PortalConfig } from '../config';
import { now } from '../clock';
import { DEFAULT_DELIVERY_POLICY, deliverDueMails, type DeliveryPolicy } from './outbox';
import { smtpTransport, type MailTransport } from './transport';
import { sendDailyDigest, sendImmediateNotificationMails } from './notifications';
import { announceDueNotices } from '../notices/subscriptions';

export interface MailWorker {
  /** Runs one round now (tests, and after a write that queued mail). */
  poke(): void;
  stop(): Promise<void>;
}

export function startMailWorker(db: Database, config: PortalConfig): MailWorker {
  const transport: MailTransport | undefined = config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : undefined;
  const policy: DeliveryPolicy = { ...DEFAULT_DELIVERY_POLICY, ...config.mailPolicy };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();

  async function runRound() {
    try {
      const at = now();
      // Notifications become mails first, so they go out in this same round.
      await sendImmediateNotificationMails(db, config.siteUrl, at);
      await sendDailyDigest(db, config.siteUrl, at);
      // New 공고 (also scheduled ones whose time came) to their subscribers, once across instances.
      await announceDueNotices(db, config.siteUrl, at);
      // Keep going while full batches come back, so a backlog drains quickly.
      while (!stopped && (await deliverDueMails(db, transport?.send, now(), policy)) >= policy.batchSize);
    } catch (error) {
      if (!stopped) console.error('Mail delivery round failed:', error);
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      round = runRound().finally(schedule);
    }, config.mailPollMs);
  }
  schedule();

  return {
    poke() {
      if (stopped) return;
      clearTimeout(timer);
      round = round.then(runRound).finally(schedule);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
      transport?.close();
    },
  };
}
