import { connect as netConnect, isIP, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { dotStuff, formatMessage, MailError, type Mailbox, type Mailer, type OutgoingMail } from './message';

/** Where and how to send: `UPSHIFT_SMTP_URL` parsed. */
export interface SmtpServer {
  /** `implicit`: TLS from the first byte (`smtps://`); `starttls-if-offered`: plain, upgraded when the server offers STARTTLS (`smtp://`). */
  security: 'implicit' | 'starttls-if-offered';
  host: string;
  port: number;
  auth: { user: string; pass: string } | null;
}

export interface SmtpOptions {
  server: SmtpServer;
  from: Mailbox;
  /** The whole exchange, connect to QUIT. Default 10 s. */
  timeoutMs?: number;
  /** Extra TLS settings, e.g. a `ca` for a server with a private certificate (tests). */
  tls?: Pick<ConnectionOptions, 'ca' | 'rejectUnauthorized'>;
  /** Epoch ms for the Date header. */
  clock?: () => number;
  /** The name this machine gives in EHLO. */
  helo?: string;
}

export const SMTP_TIMEOUT_MS = 10_000;

/** Parses `smtps://user:pass@host:465` or `smtp://host:587`; an error says what is wrong. */
export function parseSmtpUrl(value: string): SmtpServer | { error: string } {
  const wrong = (why: string) => ({ error: `UPSHIFT_SMTP_URL ${why}, such as smtps://user:password@smtp.acme.com:465 or smtp://smtp.acme.com:587` });
  if (!URL.canParse(value)) return wrong('must be a URL');
  const url = new URL(value);
  if (url.protocol !== 'smtps:' && url.protocol !== 'smtp:') return wrong(`must start with smtps:// or smtp://, not ${url.protocol}//`);
  if (!url.hostname) return wrong('must name a host');
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) return wrong('takes no path, query or fragment');
  const security = url.protocol === 'smtps:' ? 'implicit' : 'starttls-if-offered';
  const port = url.port ? Number(url.port) : security === 'implicit' ? 465 : 587;
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  if (user && !pass) return wrong('has a user name without a password');
  return { security, host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, auth: user ? { user, pass } : null };
}

/** The URL without its password, for the start-up log. */
export const describeSmtpServer = (s: SmtpServer): string =>
  `${s.security === 'implicit' ? 'smtps' : 'smtp'}://${s.auth ? `${encodeURIComponent(s.auth.user)}:***@` : ''}${isIP(s.host) === 6 ? `[${s.host}]` : s.host}:${s.port}`;

/** Loopback only: credentials may cross it in the clear, since they never leave the machine. */
export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Whether AUTH may be sent: over TLS always, in the clear only to loopback. */
export const mayAuthenticate = (tls: boolean, host: string): boolean => tls || isLoopback(host);

interface Reply {
  code: number;
  lines: string[];
}

/** Reads SMTP replies (multi-line `250-…` ending in `250 …`). */
class ReplyReader {
  private buffer = '';
  private lines: string[] = [];
  private waiting: ((r: Reply) => void) | null = null;
  private queue: Reply[] = [];

  feed(chunk: Buffer): void {
    this.buffer += chunk.toString('utf8');
    let at: number;
    while ((at = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, at).replace(/\r$/, '');
      this.buffer = this.buffer.slice(at + 1);
      this.lines.push(line.slice(4));
      if (line[3] === '-') continue;
      const reply = { code: Number(line.slice(0, 3)) || 0, lines: this.lines };
      this.lines = [];
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(reply);
      } else this.queue.push(reply);
    }
  }

  /** Forgets what arrived but was not read: plaintext sent after STARTTLS's 220 must not count as encrypted. */
  reset(): void {
    this.buffer = '';
    this.lines = [];
    this.queue = [];
  }

  next(): Promise<Reply> {
    const queued = this.queue.shift();
    return queued ? Promise.resolve(queued) : new Promise((resolve) => (this.waiting = resolve));
  }
}

/** One connection: commands out, replies in, and `closed` rejecting once the socket fails or ends. */
class Connection {
  private readonly reader = new ReplyReader();
  private fail: (e: Error) => void = () => undefined;
  readonly closed = new Promise<never>((_, reject) => (this.fail = reject));
  secure: boolean;

  constructor(
    private socket: Socket,
    secure: boolean,
  ) {
    this.secure = secure;
    this.closed.catch(() => undefined);
    this.watch(socket);
  }

  private watch(s: Socket): void {
    s.on('data', (d: Buffer) => this.reader.feed(d));
    s.on('error', (e) => this.fail(new MailError(`Could not talk to the mail server: ${e.message}`)));
    s.on('close', () => this.fail(new MailError('The mail server closed the connection')));
  }

  /** The next reply, or the reason there will be none. */
  read(): Promise<Reply> {
    return Promise.race([this.reader.next(), this.closed]);
  }

  /** Sends one command (CRLF added) and rejects with a MailError unless the reply's code is `ok`. */
  async command(line: string, what: string, ok: (code: number) => boolean): Promise<Reply> {
    this.socket.write(`${line}\r\n`);
    return this.expect(what, ok);
  }

  async expect(what: string, ok: (code: number) => boolean): Promise<Reply> {
    const reply = await this.read();
    if (!ok(reply.code)) throw new MailError(`The mail server refused ${what}: ${reply.code} ${reply.lines.join(' ').slice(0, 200)}`.trim());
    return reply;
  }

  /** Wraps the plain socket in TLS after the server's 220 to STARTTLS. */
  async startTls(options: ConnectionOptions): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    this.reader.reset();
    let ready: () => void = () => undefined;
    const handshake = new Promise<void>((resolve) => (ready = resolve));
    this.socket = tlsConnect({ ...options, socket: plain }, ready);
    this.watch(this.socket);
    await Promise.race([handshake, this.closed]);
    this.secure = true;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** A Mailer speaking SMTP over `node:net`/`node:tls`: one connection per mail, closed after QUIT. */
export function smtpMailer(options: SmtpOptions): Mailer {
  return { send: (mail) => sendMail(options, mail) };
}

const is = (want: number) => (code: number) => code === want;

/** Sends one mail; rejects with a MailError (the server's refusal, a timeout, no TLS for credentials). */
export async function sendMail(options: SmtpOptions, mail: OutgoingMail): Promise<void> {
  const { server, from, timeoutMs = SMTP_TIMEOUT_MS, clock = Date.now } = options;
  // Checked before connecting: a bad header never reaches the server.
  const message = formatMessage(mail, from, clock());
  const servername = isIP(server.host) ? undefined : server.host;
  const tlsOptions: ConnectionOptions = { ...options.tls, ...(servername ? { servername } : {}) };
  const { host, port } = server;
  const implicit = server.security === 'implicit';
  const conn = new Connection(implicit ? tlsConnect({ ...tlsOptions, host, port }) : netConnect({ host, port }), implicit);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MailError(`The mail server did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  const exchange = async () => {
    await conn.expect('the connection', is(220));
    const helo = options.helo ?? hostname();
    let ehlo = await conn.command(`EHLO ${helo}`, 'EHLO', is(250));
    if (!conn.secure && ehlo.lines.some((l) => /^STARTTLS\b/i.test(l))) {
      await conn.command('STARTTLS', 'STARTTLS', is(220));
      await conn.startTls(tlsOptions);
      ehlo = await conn.command(`EHLO ${helo}`, 'EHLO', is(250));
    }
    if (server.auth) {
      if (!mayAuthenticate(conn.secure, host)) {
        throw new MailError(`The mail server at ${host} offers no TLS, and the password is never sent in the clear; use smtps:// or a server that offers STARTTLS`);
      }
      if (!ehlo.lines.some((l) => /^AUTH\b.*\bPLAIN\b/i.test(l))) throw new MailError('The mail server does not offer AUTH PLAIN');
      const token = Buffer.from(`\0${server.auth.user}\0${server.auth.pass}`).toString('base64');
      await conn.command(`AUTH PLAIN ${token}`, 'the user name and password', is(235));
    }
    await conn.command(`MAIL FROM:<${from.address}>`, 'the sender', is(250));
    await conn.command(`RCPT TO:<${mail.to}>`, 'the recipient', (c) => c === 250 || c === 251);
    await conn.command('DATA', 'DATA', is(354));
    await conn.command(`${dotStuff(message)}\r\n.`, 'the message', is(250));
    // The mail is accepted; a server that hangs up instead of answering QUIT changes nothing.
    await conn.command('QUIT', 'QUIT', () => true).catch(() => undefined);
  };
  const run = exchange();
  // Whichever loses the race below must not surface as an unhandled rejection.
  run.catch(() => undefined);
  try {
    await Promise.race([run, timedOut]);
  } finally {
    clearTimeout(timer);
    conn.destroy();
  }
}
