// A small round-robin HTTP proxy for the local example (deploy/run.ts) and the multi-node test:
// what a real load balancer does, in node:http. Each request goes to the next node that passed
// its last health check; it appends the client's address to X-Forwarded-For (so the nodes run
// with UPSHIFT_TRUST_PROXY=1), and a node whose /healthz fails is skipped until it answers again.
import { request, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Proxy {
  url: string;
  server: Server;
  /** The nodes that passed their last health check. */
  healthy(): string[];
  close(): Promise<void>;
}

async function isHealthy(target: string): Promise<boolean> {
  try {
    return (await fetch(`${target}/healthz`, { signal: AbortSignal.timeout(1_000) })).ok;
  } catch {
    return false;
  }
}

/** Proxies 127.0.0.1:`port` (0: any free port) to `targets` (`http://host:port`), checking each every `checkMs`. */
export async function startProxy(targets: string[], port = 0, checkMs = 1_000): Promise<Proxy> {
  const up = new Set(targets);
  let next = 0;
  const check = async () => {
    await Promise.all(targets.map(async (t) => ((await isHealthy(t)) ? up.add(t) : up.delete(t))));
  };
  await check();
  const timer = setInterval(() => void check(), checkMs);
  const pick = () => {
    const live = targets.filter((t) => up.has(t));
    return live.length === 0 ? undefined : live[next++ % live.length];
  };
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const target = pick();
    if (!target) {
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end('no healthy node\n');
      return;
    }
    const peer = req.socket.remoteAddress ?? '';
    const forwarded = req.headers['x-forwarded-for'];
    const headers = { ...req.headers, 'x-forwarded-for': forwarded ? `${String(forwarded)}, ${peer}` : peer };
    const out = request(`${target}${req.url ?? '/'}`, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      // The node died between its health check and this request: mark it down. Not retried, as a
      // request may have reached the node; the client sees 502 and sends again.
      up.delete(target);
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end('node unavailable\n');
    });
    req.pipe(out);
  };
  const server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    healthy: () => targets.filter((t) => up.has(t)),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
