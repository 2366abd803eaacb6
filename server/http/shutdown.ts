import type { Server } from 'node:http';
import type { Store } from '../store/types';

/** Longest a stopping node waits for requests in flight before it cuts their connections. */
export const DRAIN_MS = 10_000;

/** Something that runs until stopped: the deliverer, the activity tracker, the retention job. */
interface Job {
  stop(): void | Promise<void>;
}

export interface ShutdownDeps {
  server: Server;
  store: Store;
  /** Stopped in order once the server stops listening, alongside the requests still finishing. */
  jobs: () => Job[];
  log: (line: string) => void;
  drainMs?: number;
}

/**
 * The node's stop on SIGTERM or SIGINT: it stops listening at once (a balancer's next connection is
 * refused and goes to another node), lets requests in flight finish for up to `drainMs`, stops the
 * background jobs in order (a delivery in flight finishes so its outcome is recorded, and the
 * deliverer's stop hands back the webhook claims it still holds, so another node sends them now
 * rather than when their lease runs out), and closes the store. Resolves with the exit code; a
 * second signal is the caller's to treat as forced.
 */
export async function shutDown({ server, store, jobs, log, drainMs = DRAIN_MS }: ShutdownDeps, signal: string): Promise<number> {
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
  server.closeIdleConnections();
  log(`\n${signal} received: no new connections; finishing open requests…`);
  // A keep-alive connection whose request finishes stays open, idle, until its keep-alive timeout:
  // close such connections as they become idle rather than waiting on them.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const cut = setTimeout(() => server.closeAllConnections(), drainMs);
  cut.unref();
  void drained.then(() => clearInterval(sweep));
  try {
    const stopJobs = async () => {
      for (const job of jobs()) await job.stop();
    };
    await Promise.all([drained, stopJobs()]);
    clearTimeout(cut);
    clearInterval(sweep);
    await store.close();
    log('Database closed. Bye.');
    return 0;
  } catch (e) {
    log(`Closing the database failed: ${String(e)}`);
    return 1;
  }
}
