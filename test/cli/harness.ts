import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { demoContent } from '../../server/demo/seed';
import { writeDrafts } from '../../server/services/publishing';
import { root } from '../helpers/readme';
import { APP_ORIGIN, createTestApp, type TestApp } from '../helpers/test-app';

/** The real app over a temporary SQLite file, on a loopback port, with the demo as drafts and live. */
export interface CliServer {
  t: TestApp;
  url: string;
  /** GET on the server with its secret key, parsed. */
  get<T>(path: string): Promise<T>;
  /** The live config's tier threshold, as widgets are served it (publishable key, allowed origin). */
  liveConfig(): Promise<{ version: number; rules: { id: string; trigger: { tiers?: { at: { percent?: number } }[] } }[] }>;
  close(): Promise<void>;
}

export async function startCliServer(): Promise<CliServer> {
  const t = await createTestApp();
  await writeDrafts(t.store, t.environment.id, demoContent);
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const json = async <T>(path: string, headers: Record<string, string>) => {
    const res = await fetch(`${url}${path}`, { headers });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    t,
    url,
    get: (path) => json(path, { authorization: `Bearer ${t.secretKey}` }),
    liveConfig: () => json(`/v1/config?key=${encodeURIComponent(t.key)}`, { origin: APP_ORIGIN }),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.cleanup();
    },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const CLI = join(root, 'cli', 'index.ts');
// By URL, so the CLI can run in any directory (a temporary git repository) and still find tsx.
const TSX = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/**
 * Runs `upshift …` in a process of its own, as a user would (through tsx, so no build is needed),
 * with only the environment given: the test runner's UPSHIFT_* variables never leak in. Async, so
 * the server in this process keeps answering while the CLI waits on it.
 */
export function upshift(args: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, CLI, ...args], { env, cwd: options.cwd ?? root }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The flags that point the CLI at `server` with its secret key. */
export const at = (server: CliServer) => ['--url', server.url, '--key', server.t.secretKey];
