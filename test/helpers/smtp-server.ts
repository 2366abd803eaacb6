import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createSecureContext, createServer as createTlsServer, TLSSocket } from 'node:tls';
import { tempDir } from './test-app';

/** A certificate and key for `localhost` and 127.0.0.1, made with the system's openssl; null without one. */
export function selfSignedCert(): { cert: string; key: string } | null {
  const tmp = tempDir('upshift-cert-');
  try {
    const [key, cert] = [join(tmp.dir, 'key.pem'), join(tmp.dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  } catch {
    return null;
  } finally {
    tmp.remove();
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  /** What came after DATA up to the final dot, exactly as sent (still dot-stuffed, CRLF). */
  raw: string;
  /** The message with dot-stuffing undone. */
  data: string;
}

export interface SmtpServerOptions {
  host?: string;
  /** `implicit`: TLS from the first byte; `starttls`: plain, offering STARTTLS; `plain`: no TLS at all. */
  tls?: 'implicit' | 'starttls' | 'plain';
  cert?: { cert: string; key: string } | null;
  /** Offer AUTH PLAIN and accept this user and password. */
  auth?: { user: string; pass: string };
  /** A reply to RCPT TO instead of 250, e.g. `550 5.1.1 No such user`. */
  refuseRcpt?: string;
  /** Accept connections and never say a word. */
  silent?: boolean;
}

export interface TestSmtpServer {
  host: string;
  port: number;
  /** Every command line received, in order, each marked with whether it came over TLS: `tls EHLO x`. */
  commands: string[];
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** A small SMTP server on loopback that records what it is told; enough of RFC 5321 to test a client. */
export async function smtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const mode = options.tls ?? 'plain';
  const context = options.cert ? createSecureContext(options.cert) : undefined;
  const commands: string[] = [];
  const mails: ReceivedMail[] = [];
  const sockets = new Set<Socket>();

  const session = (first: Socket, secureFromStart: boolean) => {
    sockets.add(first);
    first.on('close', () => sockets.delete(first));
    first.on('error', () => undefined);
    if (options.silent) return;
    let socket = first;
    let secure = secureFromStart;
    let buffer = '';
    let data: string[] | null = null;
    let envelope = { from: '', to: [] as string[] };
    const say = (line: string) => socket.write(`${line}\r\n`);
    const ehlo = () => {
      const caps = ['250-localhost'];
      if (mode === 'starttls' && !secure) caps.push('250-STARTTLS');
      if (options.auth) caps.push('250-AUTH PLAIN');
      caps.push('250 8BITMIME');
      say(caps.join('\r\n'));
    };
    const onLine = (line: string) => {
      if (data) {
        if (line === '.') {
          const raw = data.map((l) => `${l}\r\n`).join('');
          mails.push({ ...envelope, raw, data: data.map((l) => `${l.replace(/^\./, '')}\r\n`).join('') });
          data = null;
          envelope = { from: '', to: [] };
          return say('250 2.0.0 Queued');
        }
        return data.push(line);
      }
      commands.push(`${secure ? 'tls' : 'plain'} ${line}`);
      const verb = line.split(/[ :]/)[0]!.toUpperCase();
      if (verb === 'EHLO') return ehlo();
      if (verb === 'STARTTLS' && mode === 'starttls' && context) {
        say('220 2.0.0 Ready to start TLS');
        socket.removeAllListeners('data');
        socket = new TLSSocket(socket, { isServer: true, secureContext: context });
        socket.on('error', () => undefined);
        socket.on('data', onData);
        secure = true;
        buffer = '';
        return;
      }
      if (verb === 'AUTH') {
        const [user, pass] = Buffer.from(line.split(' ')[2] ?? '', 'base64').toString().split('\0').slice(1);
        return say(options.auth && user === options.auth.user && pass === options.auth.pass ? '235 2.7.0 Authenticated' : '535 5.7.8 Bad credentials');
      }
      if (verb === 'MAIL') {
        envelope.from = line.replace(/^MAIL FROM:<(.*)>.*$/i, '$1');
        return say('250 2.1.0 OK');
      }
      if (verb === 'RCPT') {
        if (options.refuseRcpt) return say(options.refuseRcpt);
        envelope.to.push(line.replace(/^RCPT TO:<(.*)>.*$/i, '$1'));
        return say('250 2.1.5 OK');
      }
      if (verb === 'DATA') {
        data = [];
        return say('354 End data with <CR><LF>.<CR><LF>');
      }
      if (verb === 'QUIT') {
        say('221 2.0.0 Bye');
        return socket.end();
      }
      return say('502 5.5.2 Not implemented');
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let at: number;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        onLine(line);
      }
    };
    socket.on('data', onData);
    say('220 localhost ESMTP test');
  };

  let server: Server;
  if (mode === 'implicit') {
    if (!options.cert) throw new Error('implicit TLS needs a certificate');
    server = createTlsServer({ ...options.cert }, (s) => session(s, true));
  } else {
    server = createServer((s) => session(s, false));
  }
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    host,
    port: address.port,
    commands,
    mails,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
