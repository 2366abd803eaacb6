// One Upshift node as a child process, for deploy/run.ts and the tests that start several: it is
// given its address and database through the environment, as a real deployment gives them.
import { spawn, type ChildProcess } from 'node:child_process';

export interface NodeProcess {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  proc: ChildProcess;
  /** Everything the node printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process has gone. */
  exited: Promise<number | null>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface NodeOptions {
  /** The server's entry: `dist/server.js`, or `server/main.ts` run through tsx (`tsx: true`). */
  entry: string;
  tsx?: boolean;
  port: number;
  env: Record<string, string>;
  cwd: string;
  /** Copy the node's output to this process's, each line prefixed (deploy/run.ts). */
  echo?: string;
  /**
   * A process group of its own, so Ctrl-C in a terminal reaches only the parent, which then stops
   * the node once with SIGTERM (a node given a second signal exits at once). deploy/run.ts sets it.
   */
  ownGroup?: boolean;
  startTimeoutMs?: number;
}

/** Starts a node on 127.0.0.1:`port` and waits for its start-up banner. */
export async function startNode(options: NodeOptions): Promise<NodeProcess> {
  const args = options.tsx ? ['--import', 'tsx', options.entry] : [options.entry];
  const env = { ...process.env, HOST: '127.0.0.1', PORT: String(options.port), ...options.env };
  const proc = spawn(process.execPath, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.ownGroup ?? false });
  let out = '';
  const take = (d: Buffer) => {
    out += d.toString();
    if (options.echo) for (const line of d.toString().split('\n')) if (line) process.stdout.write(`${options.echo} ${line}\n`);
  };
  proc.stdout?.on('data', take);
  proc.stderr?.on('data', take);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node on port ${options.port} did not start:\n${out}`)), options.startTimeoutMs ?? 60_000);
    const check = () => {
      if (/Press Ctrl-C to stop/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`node on port ${options.port} exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    proc,
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}
