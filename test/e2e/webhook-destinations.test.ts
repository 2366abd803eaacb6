import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startServer, type RunningServer } from './harness';
import { keysOf, secretApi, startReceiver, type Receiver } from './host';

// The server as `npm start` runs it, without UPSHIFT_WEBHOOK_ALLOW_PRIVATE: a webhook URL on
// loopback is refused at save; with the switch, the same URL is taken and the banner says so.

let server: RunningServer | undefined;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await server?.stop();
  if (server) removeDir(server.dir);
});

describe('webhook destinations, as the server is started', () => {
  it('refuses a loopback receiver by default, in the error shape at "url"', async () => {
    server = await startServer();
    expect(server.output()).not.toContain('UPSHIFT_WEBHOOK_ALLOW_PRIVATE');
    const api = secretApi(server, keysOf(server).secret);
    for (const url of [`${receiver.url}/hooks`, 'http://localhost/hooks', 'http://169.254.169.254/latest/meta-data/']) {
      const res = await api('PUT', '/v1/webhooks', { url });
      expect(res.status, url).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string; details: { issues: { path: string }[] } } };
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.message).toContain('must not point inside a private network');
      expect(body.error.details.issues.map((i) => i.path)).toEqual(['url']);
    }
    expect(await (await api('GET', '/v1/webhooks')).json()).toEqual({ webhook: null });
    expect(await server.stop()).toBe(0);
  });

  it('takes it with UPSHIFT_WEBHOOK_ALLOW_PRIVATE=1, and says so at startup', async () => {
    server = await startServer({ dir: server!.dir, allowPrivateWebhooks: true });
    expect(server.output()).toContain('UPSHIFT_WEBHOOK_ALLOW_PRIVATE=1');
    const api = secretApi(server, keysOf(server).secret);
    expect((await api('PUT', '/v1/webhooks', { url: `${receiver.url}/hooks` })).status).toBe(201);
    expect((await api('PUT', '/v1/webhooks', { url: 'http://169.254.169.254/latest/meta-data/' })).status).toBe(400);
  });
});
