import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/services/auth/password';
import { smtpMailer } from '../../server/infra/mail/smtp';
import type { Mailer } from '../../server/infra/mail/message';
import { InviteCreated } from '../../shared/schemas/admin';
import { AdminClient, CONSOLE, PASSWORD, manualClock, signedIn } from '../helpers/admin-client';
import { smtpServer, type SmtpServerOptions, type TestSmtpServer } from '../helpers/smtp-server';
import { createTestApp, type TestApp } from '../helpers/test-app';

// An owner invites someone on a server with a mail server configured: the link is mailed too,
// and when the mail server refuses, the invite stands and the owner is told to pass the link on.

const T0 = Date.UTC(2026, 11, 1, 9);
const FROM = { name: 'Upshift', address: 'upshift@acme.test' };

let t: TestApp | undefined;
let smtp: TestSmtpServer | undefined;
afterEach(async () => {
  await t?.cleanup();
  await smtp?.close();
  t = smtp = undefined;
});

async function setUp(mail: SmtpServerOptions | 'none') {
  let mailer: Mailer | undefined;
  if (mail !== 'none') {
    smtp = await smtpServer(mail);
    mailer = smtpMailer({ server: { security: 'starttls-if-offered', host: smtp.host, port: smtp.port, auth: null }, from: FROM, helo: 'upshift.test', timeoutMs: 5_000 });
  }
  t = await createTestApp({ clock: manualClock(T0).clock, mailer });
  // Named, as a person who accepted an invite with a name is: the mail names the inviter.
  await t.store.createUser({ email: 'ada@acme.test', name: 'Ada Lovelace', role: 'owner', passwordHash: await hashPassword(PASSWORD) }, T0);
  return signedIn(t.app, 'ada@acme.test');
}

async function invite(owner: AdminClient, email = 'cleo@acme.test', role = 'editor') {
  return InviteCreated.parse(await owner.ok('POST', '/v1/admin/invites', { email, role }, 201));
}
const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, '');

describe('invite mail', () => {
  it('mails the link to the invitee when a mail server is configured', async () => {
    const owner = await setUp({});
    const made = await invite(owner, 'Cleo@Acme.test', 'publisher');
    expect(made).toMatchObject({ mailed: true });
    expect(made.mailError).toBeUndefined();
    expect(smtp!.mails).toHaveLength(1);
    const mail = smtp!.mails[0]!;
    expect(mail.from).toBe('upshift@acme.test');
    expect(mail.to).toEqual(['cleo@acme.test']);
    expect(mail.data).toContain('\r\nTo: cleo@acme.test\r\n');
    expect(mail.data).toContain('\r\nSubject: Ada Lovelace invited you to Upshift at localhost\r\n');
    const body = mail.data.split('\r\n\r\n').slice(1).join('\r\n\r\n');
    expect(body).toContain(`Ada Lovelace (ada@acme.test) invited you to Upshift at ${CONSOLE} as a publisher: you will edit drafts, publish and roll back.`);
    expect(body).toContain(`\r\n${made.url}\r\n`);
    expect(body).toContain('expires on 2026-12-08 at 09:00 UTC');
    // The mailed link is the one the owner was shown, and it works.
    expect((await new AdminClient(t!.app).post('/v1/admin/invites/lookup', { token: tokenOf(made.url) })).status).toBe(200);
  });

  it('answers 201 with mailed false and mailError when the server refuses; the link still works and the log holds no token', async () => {
    const owner = await setUp({ refuseRcpt: '550 5.1.1 No such user here' });
    const made = await invite(owner);
    expect(made.mailed).toBe(false);
    expect(made.mailError).toBe('The mail server refused the recipient: 550 5.1.1 No such user here; copy the link and send it yourself');
    expect(smtp!.mails).toEqual([]);

    const token = tokenOf(made.url);
    const warning = t!.logger.entries.find((e) => e.message === 'invite mail not sent');
    expect(warning).toMatchObject({ level: 'warn', fields: { invite: made.invite.id, to: 'cleo@acme.test', error: expect.stringContaining('550 5.1.1') } });
    expect(JSON.stringify(t!.logger.entries)).not.toContain(token);

    const cleo = new AdminClient(t!.app);
    const accepted = await cleo.post('/v1/admin/invites/accept', { token, name: 'Cleo', password: 'cleo picks her own passphrase' });
    expect(accepted.status).toBe(201);
  });

  it('answers mailed false and no mailError without a mail server', async () => {
    const owner = await setUp('none');
    const made = await invite(owner);
    expect(made.mailed).toBe(false);
    expect('mailError' in made).toBe(false);
  });
});
