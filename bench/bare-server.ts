// The baseline for GET /v1/config: a bare Hono handler serving the bytes and headers the parent
// copied from the real answer, with no key lookup and no database. Run in its own process.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { answerCpuQueries, exitWithParent, tellParent, type BareInit, type ToChild } from './protocol';

const init = await new Promise<BareInit>((resolve) => {
  const onMessage = (m: ToChild) => {
    if (m.type !== 'init') return;
    process.off('message', onMessage);
    resolve(m);
  };
  process.on('message', onMessage);
});

const { body, headers, headers304, etag } = init;
const app = new Hono();
// Exact string match only: the real route's list and weak-tag parsing is part of what is measured.
app.get('/v1/config', (c) => (c.req.header('if-none-match') === etag ? c.body(null, 304, headers304) : c.body(body, 200, headers)));

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  tellParent({ type: 'ready', port: info.port });
});
answerCpuQueries();
exitWithParent(() => server.close());
