import type { Server } from 'node:http';
import type { Store } from './store/types';

/** Longest a stopping node waits for requests in flight before it cuts their connections. */
export const DRAIN_MS = 10_000;

/** Something that runs until stopped: the deliverer, the activity tracker, the retention job. */
interface Job {
  stop(): void | Promise<void>;
}

/** The webhook outbox's claims this node holds (PostgreSQL); a store without them has nothing to release. */
interface ClaimHolder {
  releaseClaims(): Promise<unknown>;
}

const holdsClaims = (store: Store): store is Store & ClaimHolder => typeof (store as Partial<ClaimHolder>).releaseClaims === 'function';

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
 * background jobs (a delivery in flight finishes so its outcome is recorded), hands back its webhook
 * claims so another node sends them now rather than after the claim expires, and closes the
 * store. Resolves with the exit code; a second signal is the caller's to treat as forced.
 */
export async function shutDown({ server, store, jobs, log, drainMs = DRAIN_MS }: ShutdownDeps, signal: string): Promise<number> {
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
  server.closeIdleConnections();
  log(`\n${signal} received: no new connections; finishing open requests…`);
  const cut = setTimeout(() => server.closeAllConnections(), drainMs);
  cut.unref();
  try {
    await Promise.all([drained, (async () => {
      for (const job of jobs()) await job.stop();
    })()]);
    clearTimeout(cut);
    if (holdsClaims(store)) await store.releaseClaims();
    await store.close();
    log('Database closed. Bye.');
    return 0;
  } catch (e) {
    log(`Closing the database failed: ${String(e)}`);
    return 1;
  }
}
