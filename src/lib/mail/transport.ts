// SMTP through nodemailer. `smtp://user:pass@host:587` upgrades with STARTTLS when the
// server offers it; `smtps://…:465` is TLS from the start.
import nodemailer from 'nodemailer';
import type { MailOutboxRow } from '../db/schema';
import type { SendMail } from './outbox';

export interface MailTransport {
  send: SendMail;
  close(): void;
}

export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail: MailOutboxRow) {
      await transporter.sendMail({
        from,
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
      });
    },
    close: () => transporter.close(),
  };
}
