import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { generateDataset, type DatasetParams } from './generate';
import type { Item, ItemSink } from './items';

/** Events per message: large enough that posting costs little, small enough to keep both threads busy. */
const CHUNK_EVENTS = 20_000;
/** Messages the generator may run ahead of the writer, so memory stays bounded. */
const AHEAD = 4;

/** `after` counts the message's groups written before the progress is reported. */
type Progress = { done: number; total: number; after: number };
/** Items in the sink's calls, and the progress reached among them. */
type ToMain = { kind: 'items'; groups: Item[][]; progress: Progress[] } | { kind: 'done' } | { kind: 'error'; message: string };

/**
 * `generateDataset` on a second thread: the same items, handed to `sink` in the same calls and
 * order, while this thread writes the ones before them (the machine has two cores).
 */
export function generateInWorker(params: DatasetParams, sink: ItemSink, progress?: (done: number, total: number) => void): Promise<void> {
  const file = import.meta.url;
  // Run from source (tsx, vitest), the thread registers tsx's loader before it reads this very file.
  const worker = file.endsWith('.ts')
    ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file)}); });`, { eval: true, workerData: params })
    : new Worker(new URL(file), { workerData: params });
  return new Promise<void>((resolve, reject) => {
    let chain = Promise.resolve();
    let failed = false;
    const fail = (e: unknown) => {
      failed = true;
      void worker.terminate();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    worker.on('error', fail);
    worker.on('message', (m: ToMain) => {
      // Messages are handled strictly one after another: the writer's batches depend on the order.
      chain = chain
        .then(async () => {
          if (failed) return;
          if (m.kind === 'items') {
            const report = (i: number) => m.progress.filter((p) => p.after === i).forEach((p) => progress?.(p.done, p.total));
            for (const [i, group] of m.groups.entries()) {
              report(i);
              await sink(group);
            }
            report(m.groups.length);
            worker.postMessage('ack');
          } else if (m.kind === 'error') throw new Error(m.message);
          else {
            await worker.terminate();
            resolve();
          }
        })
        .catch(fail);
    });
  });
}

async function runInWorker(params: DatasetParams): Promise<void> {
  const port = parentPort!;
  let ahead = 0;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    ahead--;
    wake?.();
    wake = null;
  });
  let groups: Item[][] = [];
  let events = 0;
  let reached: Progress[] = [];
  const post = async () => {
    while (ahead >= AHEAD) await new Promise<void>((r) => (wake = r));
    ahead++;
    port.postMessage({ kind: 'items', groups, progress: reached } satisfies ToMain);
    groups = [];
    events = 0;
    reached = [];
  };
  try {
    await generateDataset(
      params,
      async (items) => {
        groups.push(items as Item[]);
        for (const item of items) events += item.kind === 'events' ? item.events.length : 1;
        if (events >= CHUNK_EVENTS) await post();
      },
      // Sent with the next message, reported once the items before it are written.
      (done, total) => void reached.push({ done, total, after: groups.length }),
    );
    if (groups.length || reached.length) await post();
    port.postMessage({ kind: 'done' } satisfies ToMain);
  } catch (e) {
    port.postMessage({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies ToMain);
  }
}

if (!isMainThread && parentPort) void runInWorker(workerData as DatasetParams);
