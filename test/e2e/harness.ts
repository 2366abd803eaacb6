import Database from 'better-sqlite3';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { root } from '../helpers/readme';

export interface RunningServer {
  url: string;
  dbFile: string;
  dir: string;
  proc: ChildProcessWithoutNullStreams;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the server as `npm start` does (`scripts/start.mjs`, which finds the build fresh), or
 * through `npm start` itself in its own process group as a terminal would, on a free port with its
 * own database, and waits for its startup banner. `allowPrivateWebhooks` sets
 * `UPSHIFT_WEBHOOK_ALLOW_PRIVATE=1`, which a webhook receiver on 127.0.0.1 needs; `demo: false` sets
 * `UPSHIFT_DEMO=0`, a production start with no demo data (and a setup link in the log).
 */
export async function startServer(options: { dir?: string; viaNpm?: boolean; allowPrivateWebhooks?: boolean; demo?: boolean; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'upshift-e2e-'));
  const dbFile = join(dir, 'upshift.db');
  // Set either way, so a developer's shell cannot change what a test sees.
  const allowPrivate = options.allowPrivateWebhooks ? '1' : '';
  const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', UPSHIFT_DB: dbFile, UPSHIFT_WEBHOOK_ALLOW_PRIVATE: allowPrivate, UPSHIFT_DEMO: options.demo === false ? '0' : '1', ...options.env };
  const proc = options.viaNpm
    ? spawn('npm', ['start'], { cwd: root, env, detached: true })
    : spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd: root, env });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /Upshift is running on http:\/\/localhost:(\d+)/.exec(out);
      if (m && /Press Ctrl-C/.test(out)) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dbFile,
    dir,
    proc,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) {
        // Ctrl-C in a terminal signals the whole foreground process group: npm and the server alike.
        if (options.viaNpm && proc.pid) process.kill(-proc.pid, signal);
        else proc.kill(signal);
      }
      return exited;
    },
  };
}

/** The one-time setup token a server with nobody on it printed, from its `/admin/setup#token=…` link. */
export function setupTokenOf(server: RunningServer): string {
  const token = /\/admin\/setup#token=([A-Za-z0-9]+)/.exec(server.output())?.[1];
  if (!token) throw new Error(`no setup link in the start-up log:\n${server.output()}`);
  return token;
}

/** The demo owner's console login, as `npm start` printed it. */
export function demoOwnerOf(server: RunningServer): { email: string; password: string } {
  const email = /Email: +(\S+)/.exec(server.output())?.[1];
  const password = /Password: +(\S+)/.exec(server.output())?.[1];
  if (!email || !password) throw new Error(`no demo owner login in the start-up log:\n${server.output()}`);
  return { email, password };
}

export function removeDir(dir: string): void {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}

/** Debian's Chromium, headless, with the flags this sandboxed, offline machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface EventRow {
  type: string;
  rule_id: string | null;
  tier: string | null;
  user_id: string;
  account_id: string;
}

/** Reads stored events straight from the SQLite file, as a second connection beside the running server. */
export function readEvents(dbFile: string): EventRow[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT type, rule_id, tier, user_id, account_id FROM events ORDER BY seq').all() as EventRow[];
  } finally {
    db.close();
  }
}

/**
 * A marker round trip through the widget's transport: `Upshift.track(name)`, sent at once (as when
 * the network comes back), then waited for in the database. The transport sends its queue in order
 * and the marker is last, so every event the page had queued before it has been stored (or
 * refused) by the time it resolves.
 */
export async function sendMarker(page: Page, dbFile: string, name: string): Promise<void> {
  await page.evaluate((n) => {
    (window as unknown as { Upshift: { track(name: string): void } }).Upshift.track(n);
    // The network coming back makes the widget send its queue at once, not after its 5 s batching delay.
    dispatchEvent(new Event('online'));
  }, name);
  await eventually(() => {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      if (!db.prepare("SELECT 1 FROM events WHERE type = 'track' AND name = ?").get(name)) throw new Error(`the marker ${name} is not stored`);
    } finally {
      db.close();
    }
  }, 10_000);
}

/** Polls until `check` passes or the time runs out, then runs it once more to throw its real assertion. */
export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Adds a `<script>` or `<style>` to one of the server's own pages as the page's own code could:
 * with the nonce its scripts carry. Their CSP refuses inline code without it, Playwright's
 * `addScriptTag` and `addStyleTag` included.
 */
export async function addInline(page: Page, tag: 'script' | 'style', text: string): Promise<void> {
  await page.evaluate(
    ([name, content]) => {
      const el = document.createElement(name);
      el.nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
      el.textContent = content;
      document.head.append(el);
    },
    [tag, text] as const,
  );
}
