import { Agent, request, type IncomingHttpHeaders } from 'node:http';

/** One request as it goes on the wire. `path` is sent as is: it may carry Latin-1 bytes and malformed percent-encoding. */
export interface WireRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Send the body in this many pieces, with `Transfer-Encoding: chunked`, instead of with a `Content-Length`. */
  chunks?: number;
}

export interface WireResponse {
  /** 0 when no answer came. */
  status: number;
  headers: IncomingHttpHeaders;
  /** Read for answers of 400 and above only: the error shape is checked, other bodies are not. */
  body: string;
  /** The connection closed before the whole answer arrived. */
  truncated: boolean;
  /** Times the request was sent again because the connection closed before any answer came. */
  retried: number;
}

type Attempt = WireResponse | { error: Error };

const ignore = () => {};
const guarded = new WeakSet<object>();


/**
 * An HTTP/1.1 client over `sockets` kept-alive connections to `base`. Node's `http` rather than
 * `fetch`: about a quarter of the CPU per request, and it sends what `fetch` refuses (Latin-1 bytes
 * in paths and headers, any method). A request whose connection closes before any answer is sent
 * again, as browsers do when a kept-alive connection turns out closed (Node does not always say
 * whether the connection was a reused one); after three tries it is answered with status 0.
 */
export function wireClient(base: string, sockets: number) {
  const { hostname, port } = new URL(base);
  // FIFO keeps every connection busy, so none idles into the server's keep-alive timeout.
  // `timeout` is set once per connection (a request times out after 30 s without a byte either way).
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets, scheduling: 'fifo', timeout: 30_000 });

  const attempt = (req: WireRequest) =>
    new Promise<Attempt>((resolve) => {
      let answered = false;
      const { body, chunks = 1 } = req;
      // Said outright: Node frames a GET's or a DELETE's body in pieces with nothing otherwise.
      const headers = body !== undefined && chunks > 1 ? { ...req.headers, 'Transfer-Encoding': 'chunked' } : req.headers;
      const out = request({ hostname, port, method: req.method, path: req.path, headers, agent }, (res) => {
        answered = true;
        const keep = (res.statusCode ?? 0) >= 400;
        const chunks: Buffer[] = [];
        if (keep) res.on('data', (c: Buffer) => chunks.push(c));
        else res.resume();
        res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: keep ? Buffer.concat(chunks).toString() : '', truncated: !res.complete, retried: 0 }));
      });
      out.on('timeout', () => out.destroy(new Error('no answer within 30 s')));
      // After an early answer (a 413 before the body was read) the server may close while the body
      // is still going out: the request no longer listens then, and the write error is no news.
      out.on('socket', (socket) => {
        if (guarded.has(socket)) return;
        guarded.add(socket);
        socket.on('error', ignore);
      });
      out.on('error', (error) => {
        if (!answered) resolve({ error });
      });
      if (body === undefined) out.end();
      else if (chunks <= 1) out.end(body);
      else {
        const bytes = typeof body === 'string' ? Buffer.from(body) : body;
        const step = Math.max(1, Math.ceil(bytes.length / chunks));
        for (let at = 0; at < bytes.length; at += step) out.write(bytes.subarray(at, at + step));
        out.end();
      }
    });

  return {
    async send(req: WireRequest): Promise<WireResponse> {
      for (let retried = 0; ; retried++) {
        const res = await attempt(req);
        if ('status' in res) return { ...res, retried };
        if (retried === 3) return { status: 0, headers: {}, body: `no answer: ${res.error.message}`, truncated: true, retried };
      }
    },
    close: () => agent.destroy(),
  };
}

export type WireClient = ReturnType<typeof wireClient>;

/**
 * Sends `count` requests, `concurrency` at a time, request `i` through `clients[i % clients.length]`.
 * `make(i)` is called in order of `i`, one call at a time, so a seeded generator makes the same
 * requests on every run whatever order answers come in.
 */
export async function sendAll<T extends { request: WireRequest }>(clients: readonly WireClient[], count: number, concurrency: number, make: (i: number) => T, check: (item: T, res: WireResponse, i: number) => void) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const item = make(i);
      check(item, await clients[i % clients.length]!.send(item.request), i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
