import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  port: number;
  method: 'GET' | 'POST';
  path: string;
  headers: http.OutgoingHttpHeaders;
  /** Requests kept in flight, each on its own keep-alive connection. */
  concurrency: number;
  /** No request starts after this; those in flight finish. */
  durationMs: number;
  maxRequests: number;
  /** Request bodies, each sent once, in order; the run also ends when they run out. */
  bodies?: readonly Buffer[];
  expectStatus: number;
  /** When given, the answer is read and must pass; otherwise it is drained unread. */
  checkBody?: (body: string) => boolean;
}

export interface LoadResult {
  /** Requests answered as expected. */
  ok: number;
  failed: number;
  firstFailure: string | undefined;
  seconds: number;
  /** How many of `bodies` were sent (all of them answered, well or not). */
  sent: number;
}

/** Closed-loop load over node:http: `concurrency` workers, each sending its next request when the last one is answered. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
  const limit = Math.min(o.maxRequests, o.bodies?.length ?? Infinity);
  let started = 0;
  let ok = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const fail = (why: string) => {
    failed++;
    firstFailure ??= why;
  };

  const once = (body: Buffer | undefined) =>
    new Promise<void>((resolve) => {
      const headers = body ? { ...o.headers, 'content-length': body.length } : o.headers;
      const req = http.request({ agent, host: '127.0.0.1', port: o.port, method: o.method, path: o.path, headers }, (res) => {
        const statusOk = res.statusCode === o.expectStatus;
        if (!o.checkBody) {
          res.resume();
          res.on('end', () => {
            if (statusOk) ok++;
            else fail(`status ${res.statusCode}`);
            resolve();
          });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (statusOk && o.checkBody!(text)) ok++;
          else fail(`status ${res.statusCode}: ${text.slice(0, 200)}`);
          resolve();
        });
      });
      req.on('error', (e) => {
        fail(e.message);
        resolve();
      });
      req.end(body);
    });

  const t0 = performance.now();
  const deadline = t0 + o.durationMs;
  const worker = async () => {
    // A worker stops on a transport error too, so a dead server cannot turn this into a busy loop.
    while (started < limit && performance.now() < deadline && failed < 100) {
      const body = o.bodies?.[started];
      started++;
      await once(body);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return { ok, failed, firstFailure, seconds, sent: started };
}
