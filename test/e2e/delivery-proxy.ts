import { request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, type Site } from './host';

// A loopback stand-in for the network between the widget and the API: it passes every request
// through to whichever server is current, and can make `POST /v1/events` fail with HTTP 500,
// vanish into a request that is never answered, as a broken load balancer would, or reach the
// server while its answer is held back, the moment a crash hurts most: stored, not yet acknowledged.
// It records every event POST it sees, so a test can tell how the widget sent its events (fetch or beacon).

/**
 * What the proxy does with `POST /v1/events`; everything else (config, state, upshift.js) always passes.
 * `hold` forwards the request and keeps the server's answer from the widget until `release()`.
 */
export type Mode = 'pass' | 'fail500' | 'blackhole' | 'hold';

export interface EventPost {
  mode: Mode;
  headers: IncomingHttpHeaders;
  body: string;
  /** The server's status, 502 when it could not be reached; undefined while unanswered. */
  status?: number;
  /** The server's answer, e.g. `{"accepted":3,"duplicates":0}`. */
  answer?: string;
  /** Held: true while the server has answered and the widget is still waiting for that answer. */
  waiting?: boolean;
}

export interface DeliveryProxy extends Site {
  /** The origin of the server requests go to; swapped when a server is restarted on a new port. */
  target: string;
  mode: Mode;
  posts: EventPost[];
  /** Fails every held request with 502, as a gateway that lost the server before passing its answer on. */
  release(): void;
}

/** The event names and `props.i` a recorded POST carried. */
export function carried(post: EventPost): { name?: string; props?: { i?: number } }[] {
  try {
    return (JSON.parse(post.body) as { events: { name?: string; props?: { i?: number } }[] }).events;
  } catch {
    return [];
  }
}

// Hop-by-hop headers and the length, which node sets again for the buffered body.
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);
const end = (res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer) => {
  if (!res.headersSent) res.writeHead(status, headers).end(body);
};

const badGateway = (req: IncomingMessage, res: ServerResponse) =>
  end(res, 502, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': req.headers.origin ?? '*' }, 'bad gateway');

export async function startProxy(target: string): Promise<DeliveryProxy> {
  const posts: EventPost[] = [];
  const held: (() => void)[] = [];
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, post?: EventPost) => {
    const to = new URL(req.url ?? '/', proxy.target);
    const upstream = request(to, { method: req.method ?? 'GET', headers: { ...req.headers, host: to.host } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        if (post) Object.assign(post, { status: answer.statusCode ?? 0, answer: Buffer.concat(chunks).toString('utf8') });
        if (post?.mode === 'hold' && !res.writableEnded) {
          // Stored by the server, unknown to the widget; the page closing its side ends the wait.
          post.waiting = !res.closed;
          res.once('close', () => (post.waiting = false));
          held.push(() => badGateway(req, res));
          return;
        }
        const headers = Object.fromEntries(Object.entries(answer.headers).filter(([k, v]) => !HOP.has(k) && v !== undefined)) as Record<string, string>;
        end(res, answer.statusCode ?? 502, headers, Buffer.concat(chunks));
      });
      answer.on('error', () => res.destroy());
    });
    // The server is down (killed, restarting): what a gateway in front of it would answer.
    upstream.on('error', () => {
      if (post) post.status = 502;
      badGateway(req, res);
    });
    upstream.end(body);
  };
  const site = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://proxy').pathname !== '/v1/events') return forward(req, res, body);
      const post: EventPost = { mode: proxy.mode, headers: req.headers, body: body.toString('utf8') };
      posts.push(post);
      if (post.mode === 'pass' || post.mode === 'hold') return forward(req, res, body, post);
      if (post.mode === 'fail500') {
        post.status = 500;
        const cors = { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': req.headers.origin ?? '*' };
        return end(res, 500, cors, '{"error":{"code":"internal","message":"injected failure"}}');
      }
      // Blackholed: read, never answered. Closing the proxy drops the connection.
    });
  });
  const release = () => {
    for (const fail of held.splice(0)) fail();
  };
  const proxy: DeliveryProxy = { ...site, target, mode: 'pass', posts, release };
  return proxy;
}
