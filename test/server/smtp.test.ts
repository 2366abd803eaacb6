import { afterEach, describe, expect, it } from 'vitest';
import { mailConfigFrom as parseMailConfig } from '../../server/infra/mail/config';
import { dotStuff, encodeHeaderText, MailError, parseMailbox, quotedPrintable } from '../../server/infra/mail/message';
import { mayAuthenticate, parseSmtpUrl, sendMail, type SmtpOptions, type SmtpServer } from '../../server/infra/mail/smtp';
import { selfSignedCert, smtpServer, type SmtpServerOptions, type TestSmtpServer } from '../helpers/smtp-server';

// The SMTP client against a real SMTP conversation on loopback: what it says, what it refuses to say.

const T0 = Date.UTC(2026, 11, 1, 9);
const FROM = { name: 'Upshift', address: 'upshift@acme.test' };
const MAIL = { to: 'cleo@acme.test', subject: 'Hello', text: 'First line\n.a line that starts with a dot\n..and two\nLast line' };
const cert = selfSignedCert();

let servers: TestSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function start(options: SmtpServerOptions = {}) {
  const s = await smtpServer({ cert, ...options });
  servers.push(s);
  return s;
}
const options = (s: TestSmtpServer, server: Partial<SmtpServer> = {}, extra: Partial<SmtpOptions> = {}): SmtpOptions => ({
  server: { security: 'starttls-if-offered', host: s.host, port: s.port, auth: null, ...server },
  from: FROM,
  clock: () => T0,
  helo: 'upshift.test',
  tls: cert ? { ca: cert.cert } : {},
  ...extra,
});

describe('sendMail', () => {
  it('speaks EHLO, MAIL FROM, RCPT TO, DATA with dot-stuffing and QUIT, in CRLF lines', async () => {
    const s = await start();
    await sendMail(options(s), MAIL);
    expect(s.commands).toEqual(['plain EHLO upshift.test', 'plain MAIL FROM:<upshift@acme.test>', 'plain RCPT TO:<cleo@acme.test>', 'plain DATA', 'plain QUIT']);
    expect(s.mails).toHaveLength(1);
    const [mail] = s.mails;
    expect(mail!.from).toBe('upshift@acme.test');
    expect(mail!.to).toEqual(['cleo@acme.test']);
    const [head, body] = mail!.data.split('\r\n\r\n') as [string, string];
    expect(head.split('\r\n')).toEqual([
      'Date: Tue, 01 Dec 2026 09:00:00 +0000',
      'From: Upshift <upshift@acme.test>',
      'To: cleo@acme.test',
      'Subject: Hello',
      expect.stringMatching(/^Message-ID: <[0-9a-f]{32}@acme\.test>$/),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 7bit',
    ]);
    expect(body).toBe('First line\r\n.a line that starts with a dot\r\n..and two\r\nLast line\r\n');
    // On the wire each leading dot was doubled, so neither line could end DATA early.
    expect(mail!.raw).toContain('\r\n..a line that starts with a dot\r\n...and two\r\n');
  });

  it('sends UTF-8 text as quoted-printable and a non-ASCII subject as RFC 2047 words', async () => {
    const s = await start();
    await sendMail(options(s), { to: 'cleo@acme.test', subject: 'Einladung für Zoë', text: 'Grüße = hello' });
    const data = s.mails[0]!.data;
    expect(data).toContain(`Subject: =?UTF-8?B?${Buffer.from('Einladung für Zoë').toString('base64')}?=\r\n`);
    expect(data).toContain('Content-Transfer-Encoding: quoted-printable\r\n');
    expect(data.split('\r\n\r\n')[1]).toBe('Gr=C3=BC=C3=9Fe =3D hello\r\n');
  });

  it('upgrades with STARTTLS when offered, then authenticates with AUTH PLAIN', async () => {
    const s = await start({ tls: 'starttls', auth: { user: 'u', pass: 'p w' } });
    await sendMail(options(s, { auth: { user: 'u', pass: 'p w' } }), MAIL);
    expect(s.commands).toEqual([
      'plain EHLO upshift.test',
      'plain STARTTLS',
      'tls EHLO upshift.test',
      `tls AUTH PLAIN ${Buffer.from('\0u\0p w').toString('base64')}`,
      'tls MAIL FROM:<upshift@acme.test>',
      'tls RCPT TO:<cleo@acme.test>',
      'tls DATA',
      'tls QUIT',
    ]);
    expect(s.mails).toHaveLength(1);
  });

  it('speaks TLS from the first byte for smtps://, checking the certificate', async () => {
    const s = await start({ tls: 'implicit', auth: { user: 'u', pass: 'p' } });
    await sendMail(options(s, { security: 'implicit', auth: { user: 'u', pass: 'p' } }), MAIL);
    expect(s.commands[0]).toBe('tls EHLO upshift.test');
    expect(s.commands).toContain(`tls AUTH PLAIN ${Buffer.from('\0u\0p').toString('base64')}`);
    expect(s.mails).toHaveLength(1);
    // Without the test CA the certificate is not trusted, and nothing is sent.
    await expect(sendMail(options(s, { security: 'implicit' }, { tls: {} }), MAIL)).rejects.toThrow(/Could not talk to the mail server: .*self[- ]signed/i);
    expect(s.mails).toHaveLength(1);
  });

  it('sends credentials over a plain connection only to loopback', async () => {
    const s = await start({ auth: { user: 'u', pass: 'p' } });
    await sendMail(options(s, { auth: { user: 'u', pass: 'p' } }), MAIL);
    expect(s.commands.filter((c) => c.includes('AUTH'))).toEqual([`plain AUTH PLAIN ${Buffer.from('\0u\0p').toString('base64')}`]);
  });

  // 0.0.0.0 reaches this machine's own listener, yet is no loopback name: the rule sees a remote server.
  it('refuses to send credentials in the clear to a server that is not loopback', async () => {
    const s = await start({ host: '0.0.0.0', auth: { user: 'u', pass: 'p' } });
    await expect(sendMail(options(s, { auth: { user: 'u', pass: 'p' } }), MAIL)).rejects.toThrow(/offers no TLS, and the password is never sent in the clear/);
    expect(s.commands).toEqual(['plain EHLO upshift.test']);
    expect(s.mails).toEqual([]);
  });

  it('reports a 5xx refusal as a MailError with the server reply', async () => {
    const s = await start({ refuseRcpt: '550 5.1.1 No such user here' });
    const sent = sendMail(options(s), MAIL);
    await expect(sent).rejects.toThrow(MailError);
    await expect(sent).rejects.toThrow('The mail server refused the recipient: 550 5.1.1 No such user here');
    expect(s.mails).toEqual([]);
  });

  it('gives up on a server that never answers, after the timeout', async () => {
    const s = await start({ silent: true });
    await expect(sendMail(options(s, {}, { timeoutMs: 200 }), MAIL)).rejects.toThrow('The mail server did not answer within 0.2 s');
  });

  it('reports a server that is not there', async () => {
    const s = await start();
    await s.close();
    await expect(sendMail(options(s), MAIL)).rejects.toThrow(/Could not talk to the mail server: .*ECONNREFUSED/);
  });

  it.each([
    ['a line break in the subject', { ...MAIL, subject: 'Hi\r\nBcc: all@acme.test' }, 'A mail subject must not contain a line break'],
    ['a line break in the recipient', { ...MAIL, to: 'cleo@acme.test\r\nBcc: all@acme.test' }, "The recipient's address must not contain a line break"],
    ['a non-ASCII recipient', { ...MAIL, to: 'zoë@acme.test' }, "The recipient's address must be a plain ASCII address such as you@acme.com"],
    ['angle brackets in the recipient', { ...MAIL, to: 'a>@acme.test' }, "The recipient's address must be a plain ASCII address such as you@acme.com"],
  ])('refuses %s before connecting', async (_, mail, message) => {
    const s = await start();
    await expect(sendMail(options(s), mail)).rejects.toThrow(message);
    expect(s.commands).toEqual([]);
  });
});

describe('the pieces', () => {
  it.each([
    [true, 'smtp.acme.com', true],
    [false, 'smtp.acme.com', false],
    [false, '10.0.0.5', false],
    [false, 'localhost', true],
    [false, '127.0.0.1', true],
    [false, '127.8.9.10', true],
    [false, '::1', true],
    [false, '127.0.0.1.nip.io', false],
  ])('mayAuthenticate(tls %s, %s) is %s', (tls, host, allowed) => {
    expect(mayAuthenticate(tls, host)).toBe(allowed);
  });

  it.each([
    ['smtps://user:p%40ss@smtp.acme.com:465', { security: 'implicit', host: 'smtp.acme.com', port: 465, auth: { user: 'user', pass: 'p@ss' } }],
    ['smtps://smtp.acme.com', { security: 'implicit', host: 'smtp.acme.com', port: 465, auth: null }],
    ['smtp://smtp.acme.com', { security: 'starttls-if-offered', host: 'smtp.acme.com', port: 587, auth: null }],
    ['smtp://[::1]:2525', { security: 'starttls-if-offered', host: '::1', port: 2525, auth: null }],
    ['https://smtp.acme.com', { error: expect.stringContaining('must start with smtps:// or smtp://') }],
    ['smtp.acme.com:465', { error: expect.stringContaining('must start with smtps://') }],
    ['not a url', { error: expect.stringContaining('must be a URL') }],
    ['smtps://user@smtp.acme.com', { error: expect.stringContaining('user name without a password') }],
    ['smtp://smtp.acme.com?starttls=require', { error: expect.stringContaining('no path, query or fragment') }],
  ])('parseSmtpUrl(%s)', (url, expected) => {
    expect(parseSmtpUrl(url)).toEqual(expected);
  });

  it.each([
    ['Upshift <upshift@acme.com>', { name: 'Upshift', address: 'upshift@acme.com' }],
    ['"Upshift, Acme" <upshift@acme.com>', { name: 'Upshift, Acme', address: 'upshift@acme.com' }],
    ['upshift@acme.com', { name: null, address: 'upshift@acme.com' }],
    ['Upshift', { error: expect.stringContaining('plain ASCII address') }],
    ['Upshift <upshift@acme.com>\r\nBcc: x@y.z', { error: 'must not contain a line break' }],
  ])('parseMailbox(%j)', (value, expected) => {
    expect(parseMailbox(value)).toEqual(expected);
  });

  it('reads both variables or neither', () => {
    expect(parseMailConfig({})).toEqual({ mode: 'off' });
    expect(parseMailConfig({ UPSHIFT_SMTP_URL: 'smtps://u:secret@smtp.acme.com' })).toEqual({ error: expect.stringContaining('UPSHIFT_MAIL_FROM is not') });
    expect(parseMailConfig({ UPSHIFT_MAIL_FROM: 'upshift@acme.com' })).toEqual({ error: expect.stringContaining('UPSHIFT_SMTP_URL is not') });
    expect(parseMailConfig({ UPSHIFT_SMTP_URL: 'smtps://u:secret@smtp.acme.com', UPSHIFT_MAIL_FROM: 'bad' })).toEqual({ error: expect.stringMatching(/^UPSHIFT_MAIL_FROM has an address/) });
    // The start-up log names the server without its password.
    expect(parseMailConfig({ UPSHIFT_SMTP_URL: 'smtps://u:secret@smtp.acme.com', UPSHIFT_MAIL_FROM: 'Upshift <upshift@acme.com>' })).toMatchObject({
      mode: 'smtp',
      description: 'smtps://u:***@smtp.acme.com:465 as upshift@acme.com',
    });
  });

  it('keeps every encoded word within 75 characters and every quoted-printable line within 76', () => {
    const subject = 'Ünïcödé '.repeat(12);
    const words = encodeHeaderText(subject).split('\r\n ');
    expect(words.length).toBeGreaterThan(1);
    for (const w of words) expect(w.length).toBeLessThanOrEqual(75);
    expect(words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString()).join('')).toBe(subject);
    for (const line of quotedPrintable('é'.repeat(100)).split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(quotedPrintable('ends in a space ')).toBe('ends in a space=20');
    expect(dotStuff('.\r\nx\r\n.y')).toBe('..\r\nx\r\n..y');
  });
});
