import { performance } from 'node:perf_hooks';
import { openSqliteStore } from './server/store/sqlite';
import { createApp } from './server/app';
import { readManifest } from './bench/dataset/seed-file';
const file = '/tmp/lead.db';
const m = readManifest(file)!;
const store = openSqliteStore(file);
const app = createApp({ store, clock: () => Date.now(), logger: { info() {}, warn() {}, error() {} }, rateLimit: false });
for (let i = 0; i < 8; i++) {
  let t = performance.now();
  let after: any; let n = 0; let len = 0;
  for (;;) { const p = await store.readinessCsv(m.environmentId, {}, '-score', { limit: 2000, after }); n += p.length; after = p.at(-1); const s = p.map(r => r.line).join(''); len += new TextEncoder().encode(s).length; if (p.length < 2000) break; }
  const pages = performance.now() - t;
  t = performance.now();
  const res = await app.request('/v1/analytics/readiness?format=csv', { headers: { authorization: `Bearer ${m.secretKey}` } });
  const body = await res.arrayBuffer();
  const req = performance.now() - t;
  t = performance.now();
  const res2 = await app.request('/v1/analytics/readiness?format=csv', { headers: { authorization: `Bearer ${m.secretKey}` } });
  await res2.text();
  console.log('pages+encode', pages.toFixed(0), n, len, 'request(bytes)', req.toFixed(0), 'request(text)', (performance.now() - t).toFixed(0), body.byteLength);
}
await store.close();
