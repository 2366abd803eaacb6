import { Agent, request, type ClientRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerNode, type ServerNode } from '../helpers/node-server';
import { storeKinds } from '../helpers/stores';

const started: ServerNode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.remove()));
});

/** Resolves once `text` appears in what the node printed. */
function printed(node: ServerNode, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (node.output().includes(text)) resolve();
    };
    node.proc.stdout?.on('data', check);
    void node.exited.then(() => (node.output().includes(text) ? resolve() : reject(new Error(`exited without printing "${text}":\n${node.output()}`))));
    check();
  });
}

/** Whether a new TCP connection to the node's port is refused. */
function refused(url: string): Promise<boolean> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

for (const kind of storeKinds) {
  describe(`graceful shutdown [${kind}]`, () => {
    it('on SIGTERM refuses new connections, finishes the request in flight with 200, and exits 0', async () => {
      const node = await startServerNode(kind);
      started.push(node);
      const body = JSON.stringify({ events: [{ id: crypto.randomUUID(), type: 'track', name: 'in_flight', at: new Date().toISOString(), userId: 'u1', accountId: 'a1' }] });
      const half = Math.floor(body.length / 2);
      // Expect: 100-continue makes the server say when it has the request: from then on it is in flight.
      let req: ClientRequest | undefined;
      const answered = new Promise<IncomingMessage>((resolve, reject) => {
        req = request(`${node.url}/v1/events?key=${node.key}`, {
          method: 'POST',
          // Kept alive, as a balancer's connections are: the node must not wait on it once idle.
          agent: new Agent({ keepAlive: true }),
          headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), Expect: '100-continue' },
        }, resolve);
        req.on('error', reject);
      });
      const continued = new Promise<void>((resolve) => req!.once('continue', () => resolve()));
      req!.flushHeaders();
      await continued;
      req!.write(body.slice(0, half));

      node.proc.kill('SIGTERM');
      await printed(node, 'SIGTERM received');
      expect(await refused(node.url)).toBe(true);

      req!.end(body.slice(half));
      const res = await answered;
      const text = await new Promise<string>((resolve) => {
        let t = '';
        res.on('data', (d: Buffer) => (t += d.toString()));
        res.on('end', () => resolve(t));
      });
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(text)).toEqual({ accepted: 1, duplicates: 0 });
      expect(await node.exited).toBe(0);
      expect(node.output()).toContain('Database closed. Bye.');
    });
  });
}
