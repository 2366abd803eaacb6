import { randomBytes } from 'node:crypto';

/** One plain-text mail to one person. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail; injected into `createApp` so tests and servers without a mail server choose their own. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** A failure whose message is safe to show the person who asked for the mail (no secrets, no internals). */
export class MailError extends Error {
  override name = 'MailError';
}

/** A mailbox as `UPSHIFT_MAIL_FROM` names it: `Upshift <upshift@acme.com>` or `upshift@acme.com`. */
export interface Mailbox {
  name: string | null;
  address: string;
}

// Plain ASCII, no spaces, brackets or controls, one @: what an SMTP envelope can carry without SMTPUTF8.
const ADDRESS = /^[!#-'*+\-/-9=?A-Z^-~.]+@[A-Za-z0-9.\-[\]:]+$/;
const LINE_BREAK = /[\r\n]/;

/** `null` when `address` can go in an envelope and a header as it is, else why not. */
export function addressProblem(address: string): string | null {
  if (LINE_BREAK.test(address)) return 'must not contain a line break';
  if (!ADDRESS.test(address)) return 'must be a plain ASCII address such as you@acme.com';
  return null;
}

/** Parses `Name <address>` or a bare address; an error says what is wrong. */
export function parseMailbox(value: string): Mailbox | { error: string } {
  if (LINE_BREAK.test(value)) return { error: 'must not contain a line break' };
  const m = /^\s*(?:(.*?)\s*<([^<>]*)>|([^<>\s]+))\s*$/.exec(value);
  if (!m) return { error: 'must be an address such as upshift@acme.com or Upshift <upshift@acme.com>' };
  const address = (m[2] ?? m[3] ?? '').trim();
  const problem = addressProblem(address);
  if (problem) return { error: `has an address that ${problem}` };
  const name = m[1]?.replace(/^"(.*)"$/, '$1').trim() || null;
  return { name, address };
}

const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

/** RFC 2047 encoded words for a header value that is not ASCII; ASCII passes as it is. */
export function encodeHeaderText(value: string): string {
  if (isAscii(value)) return value;
  // Each word at most 75 characters: 45 bytes of UTF-8 become 60 of base64; characters are never split.
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

function formatMailbox({ name, address }: Mailbox): string {
  if (!name) return address;
  if (!isAscii(name)) return `${encodeHeaderText(name)} <${address}>`;
  return /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/.test(name) ? `${name} <${address}>` : `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
}

/** Quoted-printable (RFC 2045) for UTF-8 text whose lines are already CRLF-separated. */
export function quotedPrintable(text: string): string {
  return text
    .split('\r\n')
    .map((line) => {
      let out = '';
      let width = 0;
      const bytes = Buffer.from(line);
      bytes.forEach((b, i) => {
        const last = i === bytes.length - 1;
        const plain = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
        const piece = plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
        // A soft break (`=` at the end) keeps every encoded line within 76 characters.
        if (width + piece.length > 75) {
          out += '=\r\n';
          width = 0;
        }
        out += piece;
        width += piece.length;
      });
      return out;
    })
    .join('\r\n');
}

/** A line that starts with a dot gets another, so the server never takes it for the end of DATA (RFC 5321 4.5.2). */
export const dotStuff = (message: string): string => message.replace(/^\./gm, '..');

const rfc5322Date = (ms: number) => new Date(ms).toUTCString().replace(/GMT$/, '+0000');

/**
 * The whole message as it goes after DATA: headers, a blank line, the body, CRLF line endings.
 * Throws a MailError for a line break in any header value (no header injection) or an address
 * the envelope cannot carry. ASCII text goes as `7bit`, any other as quoted-printable.
 */
export function formatMessage(mail: OutgoingMail, from: Mailbox, now: number): string {
  const problem = addressProblem(mail.to);
  if (problem) throw new MailError(`The recipient's address ${problem}`);
  if (LINE_BREAK.test(mail.subject)) throw new MailError('A mail subject must not contain a line break');
  const text = mail.text.replace(/\r?\n/g, '\r\n');
  const ascii = text.split('\r\n').every((l) => isAscii(l.replace(/\t/g, ' ')) && l.length <= 998);
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
  const headers = [
    `Date: ${rfc5322Date(now)}`,
    `From: ${formatMailbox(from)}`,
    `To: ${mail.to}`,
    `Subject: ${encodeHeaderText(mail.subject)}`,
    `Message-ID: <${randomBytes(16).toString('hex')}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${ascii ? '7bit' : 'quoted-printable'}`,
  ];
  return `${headers.join('\r\n')}\r\n\r\n${ascii ? text : quotedPrintable(text)}`;
}
