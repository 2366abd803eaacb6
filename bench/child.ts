import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromChild, ToChild } from './protocol';

const root = fileURLToPath(new URL('..', import.meta.url));
const running = new Set<ChildProcess>();

// Whatever happens to the run (error, Ctrl-C), no server outlives it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ServerChild {
  port: number;
  publishableKey: string | undefined;
  /** CPU time (user + system, µs) the child has used so far. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

function nextMessage<T extends FromChild['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`server child sent no "${type}" message within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: FromChild) => {
      if (m.type === type) done(null, m as Extract<FromChild, { type: T }>);
    };
    const onExit = (code: number | null, signal: string | null) => done(new Error(`server child exited (${signal ?? code}) before sending "${type}"`));
    function done(error: Error | null, m?: Extract<FromChild, { type: T }>) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(m!);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Starts `bench/<file>` under `node --import tsx` in its own process and waits until it listens. */
export async function startServer(file: string, env: Record<string, string>, init?: ToChild): Promise<ServerChild> {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  try {
    const ready = nextMessage(child, 'ready', 30_000);
    if (init) child.send(init);
    const { port, publishableKey } = await ready;
    return {
      port,
      publishableKey,
      async cpuMicros() {
        const answer = nextMessage(child, 'cpu', 5_000);
        child.send({ type: 'cpu' } satisfies ToChild);
        return (await answer).micros;
      },
      stop: () => stopChild(child),
    };
  } catch (e) {
    await stopChild(child);
    throw e;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
