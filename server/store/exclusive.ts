/** What a job's run came to: it ran (with its answer), or another run of the same job held it off. */
export type ExclusiveRun<T> = { status: 'ran'; value: T } | { status: 'skipped' };

/**
 * Runs a background job on one node at a time. PostgreSQL's (`pgExclusive`) holds a session
 * advisory lock for the run, so a second node's run of the same job is skipped, not queued: the
 * next tick will do what is left.
 */
export interface Exclusive {
  runExclusive<T>(name: string, fn: () => Promise<T>): Promise<ExclusiveRun<T>>;
}

/**
 * One process's own guard: enough for SQLite, whose single file is served by one node, and whose
 * writes are serialised anyway. A run started while another of the same name is under way is skipped.
 */
export function localExclusive(): Exclusive {
  const running = new Set<string>();
  return {
    async runExclusive<T>(name: string, fn: () => Promise<T>): Promise<ExclusiveRun<T>> {
      if (running.has(name)) return { status: 'skipped' };
      running.add(name);
      try {
        return { status: 'ran', value: await fn() };
      } finally {
        running.delete(name);
      }
    },
  };
}
