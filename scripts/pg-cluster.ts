// A throwaway PostgreSQL cluster in a temporary folder, for the tests, the bench and `deploy/`:
// initdb, then pg_ctl start on a loopback port, as an unprivileged user (PostgreSQL refuses to run
// as root; as root, Debian's `postgres` user runs it). Only Debian's `postgresql` package is needed.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder holding initdb and pg_ctl, or null when PostgreSQL's server is not installed. */
export function findPgBin(): string | null {
  const candidates: string[] = [];
  if (process.env.UPSHIFT_PG_BIN) candidates.push(process.env.UPSHIFT_PG_BIN);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(join(root, v, 'bin'));
  }
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir) candidates.push(dir);
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

/** A free loopback port (the kernel's pick, released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function idsOf(name: string): { uid: number; gid: number } | null {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/**
 * Starts a cluster and answers `{ url, dir, stop }`; `url` reaches the `postgres` database as the
 * superuser `postgres` over TCP on 127.0.0.1, with trust authentication (loopback only). `durable:
 * false` (the default) turns fsync off: a test's cluster dies with it anyway.
 */
export interface Cluster {
  /** The superuser's URL to the `postgres` database. */
  url: string;
  dir: string;
  port: number;
  /** Stops the server at once and removes its folder. */
  stop(): void;
}

export interface ClusterOptions {
  bin?: string | null;
  port?: number;
  durable?: boolean;
  log?: 'pipe' | 'inherit';
}

export async function startCluster({ bin = findPgBin(), port, durable = false, log = 'pipe' }: ClusterOptions = {}): Promise<Cluster> {
  if (!bin) throw new Error("PostgreSQL's server is not installed (Debian: apt-get install -y postgresql)");
  const dir = mkdtempSync(join(tmpdir(), 'upshift-pg-'));
  chmodSync(dir, 0o700);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? idsOf('postgres') : null;
  if (asRoot && !owner) throw new Error("running as root, and there is no 'postgres' user to run PostgreSQL as (Debian's postgresql package makes one)");
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const run = (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    const [file, argv]: [string, string[]] = owner ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
    return execFileSync(file, argv, { cwd: dir, encoding: 'utf8', stdio: log === 'inherit' ? 'inherit' : 'pipe' });
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--locale=C', '-E', 'UTF8']);
  const chosenPort = port ?? (await freePort());
  const conf = [
    `port = ${chosenPort}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dir}'`,
    'max_connections = 300',
    'shared_buffers = 128MB',
    ...(durable ? [] : ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off']),
  ];
  // Later settings win: these override initdb's defaults above them.
  appendFileSync(join(data, 'postgresql.conf'), `\n# Upshift's throwaway cluster\n${conf.join('\n')}\n`);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', 'start']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${chosenPort}/postgres`,
    dir,
    port: chosenPort,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
