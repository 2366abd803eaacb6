import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RateLimitOptions } from '../../server/http/middleware/rate-limit';

/** One server the app process runs: the real app over `file`, as `createApp` takes these options. */
export interface AppServerSpec {
  file: string;
  /** Publishable key `/demo` embeds. */
  demoKey: string;
  rateLimit: RateLimitOptions | false;
  trustProxy: boolean;
}

/** The files the app process serves under `/assets/`. */
export const STAND_IN_ASSETS = ['index-fuzz01.js', 'index-fuzz01.css'] as const;
/** The stand-in prompt UI's content-hashed name. */
export const STAND_IN_UI = 'upshift-ui.fuzz01.js';

export interface AppReport {
  /** What the app logged at level error: every unexpected failure, each of which became a 500. */
  errors: string[];
  /** Properties `Object.prototype` has gained since the process started: what a prototype-pollution bug leaves. */
  polluted: string[];
  rss: number;
  /** CPU time the process has used, in ms. */
  cpuMs: number;
}

export type FromAppProcess = { type: 'ready'; ports: number[] } | ({ type: 'report' } & AppReport);
export type ToAppProcess = { type: 'report' } | { type: 'stop' };

export interface AppProcess {
  /** `http://127.0.0.1:<port>`, one per spec, in order. */
  urls: string[];
  report(): Promise<AppReport>;
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts the app in a process of its own (see `app-process-main.ts`) serving each spec on a
 * loopback port, as production runs it: requests cross a real socket into another process, and the
 * test process is free to generate them on the other core.
 */
export async function startAppProcess(specs: AppServerSpec[]): Promise<AppProcess> {
  const entry = fileURLToPath(new URL('./app-process-main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(specs)], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = () =>
    new Promise<FromAppProcess>((resolve, reject) => {
      const onMessage = (m: unknown) => {
        child.off('exit', onExit);
        resolve(m as FromAppProcess);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`The app process exited (${code}) before answering`));
      };
      child.once('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`The app process said ${ready.type} before it was ready`);
  return {
    urls: ready.ports.map((port) => `http://127.0.0.1:${port}`),
    async report() {
      const answer = next();
      child.send({ type: 'report' } satisfies ToAppProcess);
      const m = await answer;
      if (m.type !== 'report') throw new Error(`The app process answered ${m.type} to a report request`);
      const { type: _, ...report } = m;
      return report;
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    /** Asks the process to close its databases and exit; kills it if it has not within 5 s. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: 'stop' } satisfies ToAppProcess);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
