import { parseMailbox, type Mailbox } from './message';
import { describeSmtpServer, parseSmtpUrl, smtpMailer, type SmtpServer } from './smtp';
import type { Mailer } from './message';

export type MailConfig =
  | { mode: 'off' }
  | { mode: 'smtp'; server: SmtpServer; from: Mailbox; mailer: Mailer; description: string };

/**
 * Reads `UPSHIFT_SMTP_URL` and `UPSHIFT_MAIL_FROM`: both or neither. Neither: no mail, invite links
 * are passed on by hand. An error says what to fix, for the server to refuse to start.
 */
export function mailConfigFrom(env: Record<string, string | undefined>): MailConfig | { error: string } {
  const url = env.UPSHIFT_SMTP_URL || undefined;
  const fromValue = env.UPSHIFT_MAIL_FROM || undefined;
  if (url === undefined && fromValue === undefined) return { mode: 'off' };
  if (url === undefined) return { error: 'UPSHIFT_MAIL_FROM is set but UPSHIFT_SMTP_URL is not: set the mail server too, or neither' };
  if (fromValue === undefined) return { error: 'UPSHIFT_SMTP_URL is set but UPSHIFT_MAIL_FROM is not: set the sender, such as Upshift <upshift@acme.com>' };
  const server = parseSmtpUrl(url);
  if ('error' in server) return server;
  const from = parseMailbox(fromValue);
  if ('error' in from) return { error: `UPSHIFT_MAIL_FROM ${from.error}` };
  return { mode: 'smtp', server, from, mailer: smtpMailer({ server, from }), description: `${describeSmtpServer(server)} as ${from.address}` };
}
