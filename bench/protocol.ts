/** Messages between bench/run.ts and the server children it starts over Node's IPC channel. */

/** The bytes and headers the bare server must serve, copied from a real `GET /v1/config` answer. */
export interface BareInit {
  type: 'init';
  body: string;
  /** Headers of the 200 answer, lower-case names. */
  headers: Record<string, string>;
  /** Headers of the 304 answer. */
  headers304: Record<string, string>;
  etag: string;
}

export type ToChild = BareInit | { type: 'cpu' };

export type FromChild =
  | { type: 'ready'; port: number; publishableKey?: string }
  | { type: 'cpu'; micros: number };

/** Sends a message to the parent; a child started without IPC has nobody to tell, so it exits. */
export function tellParent(message: FromChild): void {
  if (!process.send) {
    console.error('bench servers are started by bench/run.ts over IPC');
    process.exit(1);
  }
  process.send(message);
}

/** Answers CPU-time queries so the parent can tell a saturated server from a saturated load generator. */
export function answerCpuQueries(): void {
  process.on('message', (m: ToChild) => {
    if (m.type === 'cpu') {
      const u = process.cpuUsage();
      tellParent({ type: 'cpu', micros: u.user + u.system });
    }
  });
}

/** Exits when the parent goes away, however it went. */
export function exitWithParent(cleanup: () => void): void {
  const bye = () => {
    cleanup();
    process.exit(0);
  };
  process.on('disconnect', bye);
  process.on('SIGTERM', bye);
  process.on('SIGINT', bye);
}
