import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/http/app';
import { toAsset, type Assets } from '../../server/http/assets';
import type { Logger } from '../../server/http/errors';
import { createHttpServer } from '../../server/http/listen';
import { DEMO_KEY_PLACEHOLDER } from '../../server/http/routes/pages';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import { fakeDns } from './dns';
import { STAND_IN_ASSETS, STAND_IN_UI, type AppServerSpec, type FromAppProcess, type ToAppProcess } from './app-process';

/**
 * The process `startAppProcess` starts: for each spec in argv[2], the real app served by
 * `createHttpServer` on 127.0.0.1, as `server/main.ts` serves it, over the test's database file and
 * stand-ins for the built widget and pages. The ports go back over IPC; on request, so does every
 * error the app logged.
 */

const specs = JSON.parse(process.argv[2] ?? '[]') as AppServerSpec[];
const errors: string[] = [];
const logger: Logger = {
  info() {},
  warn() {},
  error: (message, fields) => void errors.push(JSON.stringify({ message, ...fields })),
};
const send = (m: FromAppProcess) => process.send?.(m);
const prototypeAtStart = new Set(Reflect.ownKeys(Object.prototype));

/** Small stand-ins for what `npm run build` puts in dist/, so the page and asset routes answer as in production. */
function standInAssets(): Assets {
  const js = 'text/javascript; charset=utf-8';
  return {
    widget: toAsset(Buffer.from('/* upshift.js */ window.Upshift = {};'.repeat(20)), js),
    explainer: toAsset(Buffer.from('/* upshift-debug.js */'.repeat(20)), js),
    ui: new Map([[STAND_IN_UI, toAsset(Buffer.from('/* upshift-ui.js */'.repeat(20)), js)]]),
    types: toAsset(Buffer.from('declare namespace Upshift {}\n'.repeat(20)), 'application/typescript; charset=utf-8'),
    pages: new Map([
      ['demo', `<!doctype html><title>Demo</title><script src="/upshift.js" data-key="${DEMO_KEY_PLACEHOLDER}"></script>`],
      ['admin', `<!doctype html><title>Admin</title><script type="module" src="/assets/${STAND_IN_ASSETS[0]}"></script>`],
    ]),
    files: new Map([
      [STAND_IN_ASSETS[0], toAsset(Buffer.from('console.info("admin");'.repeat(50)), js)],
      [STAND_IN_ASSETS[1], toAsset(Buffer.from('body { margin: 0 }'.repeat(50)), 'text/css; charset=utf-8')],
    ]),
  };
}

const stores = new Map<string, Store>();
const storeFor = (file: string) => stores.get(file) ?? stores.set(file, openSqliteStore(file)).get(file)!;
const assets = standInAssets();

const ports = await Promise.all(
  specs.map(
    (spec) =>
      new Promise<number>((resolve) => {
        // Webhook URLs are checked against a resolver that knows no name: hostile URLs never reach real DNS.
        const webhooks = { allowPrivate: false, resolve: fakeDns() };
        const app = createApp({ store: storeFor(spec.file), assets, demoKey: spec.demoKey, logger, rateLimit: spec.rateLimit, trustProxy: spec.trustProxy, webhooks });
        const server = createHttpServer(app, logger);
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
      }),
  ),
);
send({ type: 'ready', ports });
process.on('message', (m: ToAppProcess) => {
  if (m.type === 'stop') {
    void Promise.all([...stores.values()].map((s) => s.close())).finally(() => process.exit(0));
    return;
  }
  const { user, system } = process.cpuUsage();
  const polluted = Reflect.ownKeys(Object.prototype).filter((k) => !prototypeAtStart.has(k)).map(String);
  send({ type: 'report', errors, polluted, rss: process.memoryUsage().rss, cpuMs: Math.round((user + system) / 1000) });
});
// Without the test process there is no one to stop this one.
process.on('disconnect', () => process.exit(0));
