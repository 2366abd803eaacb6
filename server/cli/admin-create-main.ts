import { parseArgs } from 'node:util';
import { createAdmin } from './admin-create';
import { randomToken } from '../infra/keys';
import { openConfiguredStore } from '../store/open';
import { readPassword } from '../infra/tty-password';

// `npm run admin:create -- --email you@acme.com` (built to dist/admin-create.js): the first owner,
// or anyone else, without the setup screen; reads the same database and key as the server.
const USAGE = `Usage: npm run admin:create -- --email you@acme.com [--name "Your Name"] [--role owner|publisher|editor|viewer] [--reset]
The password is read from UPSHIFT_ADMIN_PASSWORD, or asked for (twice) on the terminal.`;

let args;
try {
  args = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, reset: { type: 'boolean' }, help: { type: 'boolean' } } }).values;
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  process.exit(2);
}
if (args.help || !args.email) {
  console[args.help ? 'log' : 'error'](USAGE);
  process.exit(args.help ? 0 : 2);
}

let password = process.env.UPSHIFT_ADMIN_PASSWORD;
if (password === undefined) {
  password = await readPassword(`Password for ${args.email} (at least 12 characters): `);
  if (process.stdin.isTTY && (await readPassword('Once more: ')) !== password) {
    console.error('The two passwords differ; nothing was changed.');
    process.exit(1);
  }
}

// The same database and key as the server: the SQLite file (its folder and key file made on a fresh
// install, as `npm start` does), or PostgreSQL when UPSHIFT_DATABASE_URL is set.
const opened = await openConfiguredStore(process.env, () => randomToken(32));
if ('error' in opened) {
  console.error(opened.error);
  process.exit(1);
}
const { store } = opened;
try {
  const result = await createAdmin(store, { email: args.email, password, name: args.name, role: args.role, reset: args.reset ?? false }, Date.now());
  if (!result.ok) {
    console.error(result.error);
    process.exitCode = 1;
  } else console.log(result.message);
} finally {
  await store.close();
}
