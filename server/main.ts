import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './http/app';
import { DEFAULT_RATE_LIMIT } from './http/middleware/rate-limit';
import { consoleLogger } from './http/errors';
import { createHttpServer } from './http/listen';
import { loadAssets } from './http/assets';
import { parseRetentionDays, startRetention } from './services/retention';
import { ensureDemo } from './demo/seed';
import { ensureDemoOwner } from './demo/demo-owner';
import { activityTracker } from './services/installation';
import { randomToken } from './infra/keys';
import { describeKeySource } from './infra/secrets/master-key';
import { openConfiguredStore } from './store/open';
import { shutDown } from './http/shutdown';
import { classifyStoredConversions } from './services/analytics/revenue-backfill';
import { createDeliverer } from './services/webhooks/deliver';
import { mailConfigFrom } from './infra/mail/config';

// Built to dist/server.js and run from server/main.ts in development: both sit one level below the root.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';

const publicUrl = process.env.UPSHIFT_PUBLIC_URL || undefined;
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(1);
}
/** Requests per minute per publishable key and client address on the per-person routes; 0 turns the limit off. */
const ratePerMinute = Number(process.env.UPSHIFT_RATE_LIMIT ?? DEFAULT_RATE_LIMIT.limit);
if (!Number.isInteger(ratePerMinute) || ratePerMinute < 0) {
  console.error(`UPSHIFT_RATE_LIMIT must be a whole number of requests per minute (0 for no limit), got "${process.env.UPSHIFT_RATE_LIMIT}"`);
  process.exit(1);
}
/** Days raw events are kept after they arrive before being rolled up into daily counts; at least 90. */
const retention = parseRetentionDays(process.env.UPSHIFT_RETENTION_DAYS);
if ('error' in retention) {
  console.error(retention.error);
  process.exit(1);
}
if (retention.warning) console.warn(retention.warning);
const trustProxy = process.env.UPSHIFT_TRUST_PROXY === '1';
/** Webhooks to loopback and private networks too: for local development, never for a server others can reach. */
const webhooks = { allowPrivate: process.env.UPSHIFT_WEBHOOK_ALLOW_PRIVATE === '1' };
if (publicUrl !== undefined && !URL.canParse(publicUrl)) {
  console.error(`UPSHIFT_PUBLIC_URL must be an absolute URL such as https://upshift.example.com, got "${publicUrl}"`);
  process.exit(1);
}
/** Invite mail: `UPSHIFT_SMTP_URL` and `UPSHIFT_MAIL_FROM`, both or neither. */
const mail = mailConfigFrom(process.env);
if ('error' in mail) {
  console.error(mail.error);
  process.exit(1);
}

const opened = await openConfiguredStore(process.env, () => randomToken(32));
if ('error' in opened) {
  console.error(opened.error);
  process.exit(1);
}
const { store, files } = opened;

/** `UPSHIFT_DEMO=0`: no demo environment, demo owner or /demo page, as a production server wants. */
const withDemo = process.env.UPSHIFT_DEMO !== '0';
const keysFile = join(opened.dataDir, 'demo-keys.json');
const ownerFile = join(opened.dataDir, 'demo-owner.json');
// Once per database however many nodes start together: the later ones wait, then find it done.
const { demo, demoOwner, setupToken } = await opened.once(async () => {
  // Conversions stored before the revenue scoreboard existed get their MRR movements once.
  await classifyStoredConversions(store);
  const demo = withDemo ? await ensureDemo(store, keysFile) : null;
  const demoOwner = demo ? await ensureDemoOwner(store, ownerFile, Date.now()) : null;
  // While nobody has console access, a token printed here (and only here) makes the first owner.
  const setupToken = (await store.countUsers()) === 0 ? opened.setupToken() : undefined;
  return { demo, demoOwner, setupToken };
});
const activity = activityTracker(store, Date.now, consoleLogger);
const assets = loadAssets(join(root, 'dist'));
// One deliverer for the process; it sends, on start, what a previous run left pending.
const deliverer = createDeliverer({ store, logger: consoleLogger, destinations: webhooks });
const app = createApp({ store, assets, activity, setupToken, demoKey: demo?.publishableKey, publicUrl, version, logger: consoleLogger, deliverer, webhooks, rateLimit: ratePerMinute > 0 && { limit: ratePerMinute, windowMs: 60_000 }, trustProxy, mailer: mail.mode === 'smtp' ? mail.mailer : undefined });

const server = createHttpServer(app, consoleLogger);
let retentionJob: { stop(): void } | undefined;
server.listen(port, host, () => {
  const info = server.address() as AddressInfo;
  const base = `http://${host === '0.0.0.0' || host === '127.0.0.1' || host === '::' ? 'localhost' : host}:${info.port}`;
  const lines = [
    '',
    `Upshift is running on ${base}`,
    '',
    ...(demo ? [`  Demo app:       ${base}/demo`] : []),
    `  Admin console:  ${base}/admin`,
    `  API:            ${base}/v1  (health: ${base}/healthz)`,
    `  Database:       ${opened.database}`,
    `  Encryption key: ${describeKeySource(opened.keySource)}`,
    `  Invite mail:    ${mail.mode === 'smtp' ? mail.description : 'off (owners copy each invite link; set UPSHIFT_SMTP_URL and UPSHIFT_MAIL_FROM to mail it)'}`,
    '',
  ];
  if (files?.folder === 'shared') {
    lines.push(`Warning: ${opened.dataDir} holds other files, so its mode was left as it is (the database and key files are 0600 each); give the database a folder of its own to have it 0700.`, '');
  }
  for (const file of files?.notPrivate ?? []) lines.push(`Warning: ${file} belongs to another user and others may read it; make it 0600 (chmod 600).`, '');
  if (demo) {
    lines.push(
      `Demo environment${demo.created ? ' (created now)' : ''}`,
      `  Publishable key: ${demo.publishableKey}`,
      demo.secretKey
        ? `  Secret key:      ${demo.secretKey}   (server to server only; never in a browser)`
        : `  Secret key:      not available: it is shown when the environment is created and stored only as a hash (${keysFile} is missing)`,
      '',
    );
  }
  if (demoOwner) {
    lines.push(
      'Admin console login (demo owner)',
      `  Email:           ${demoOwner.email}`,
      demoOwner.password ? `  Password:        ${demoOwner.password}` : `  Password:        not available (${ownerFile} is missing); set one with npm run admin:create -- --email ${demoOwner.email} --reset`,
      '',
    );
  }
  if (setupToken) {
    lines.push(
      'Nobody has console access yet. Create the first owner at',
      `  ${base}/admin/setup#token=${setupToken}`,
      `or run: npm run admin:create -- --email you@acme.com${opened.kind === 'postgres' ? ' (with the same UPSHIFT_DATABASE_URL and UPSHIFT_ENCRYPTION_KEY)' : ''}`,
      opened.kind === 'sqlite'
        ? '(the setup token works once, and only until someone has access; a new one is printed at each start until then)'
        : '(the setup token comes from UPSHIFT_ENCRYPTION_KEY, so every node takes it; it works once, and only until someone has access)',
      '',
    );
  }
  if (webhooks.allowPrivate) lines.push('Webhooks may go to loopback and private-network addresses (UPSHIFT_WEBHOOK_ALLOW_PRIVATE=1): for local development only.', '');
  if (!assets.widget) lines.push('Warning: dist/widget/upshift.js is missing; run `npm run build`.', '');
  lines.push('Press Ctrl-C to stop.');
  console.log(lines.join('\n'));
  deliverer.start();
  activity.start();
  retentionJob = startRetention({ store, days: retention.days, logger: consoleLogger, exclusive: opened.exclusive });
});

server.on('error', (e: NodeJS.ErrnoException) => {
  console.error(e.code === 'EADDRINUSE' ? `Port ${port} is already in use; set PORT to another port.` : `Server error: ${e.message}`);
  void store.close().finally(() => process.exit(1));
});

let stopping = false;
function stop(signal: string) {
  if (stopping) {
    console.error('Forced exit.');
    process.exit(1);
  }
  stopping = true;
  const jobs = () => [retentionJob ?? { stop() {} }, deliverer, activity];
  void shutDown({ server, store, jobs, log: (line) => console.log(line) }, signal).then((code) => process.exit(code));
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
