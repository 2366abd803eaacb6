import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { hashPassword } from '../services/auth/password';
import { randomToken } from '../infra/keys';
import type { Store } from '../store/types';

/** The demo's console login; `example.com` is reserved, so no one's real address. */
export const DEMO_OWNER_EMAIL = 'demo@example.com';

const Saved = z.object({ email: z.string(), password: z.string() });

export interface DemoOwner {
  email: string;
  /** Null when the file that held it is gone (the database keeps only a hash). */
  password: string | null;
}

/**
 * The demo's owner, made with the demo environment so `npm start` can print a console login next
 * to the keys. Its password is random and kept in `file` (mode 0600) beside the database, as the
 * demo's keys are. An installation whose people were set up otherwise gets no demo owner.
 */
export async function ensureDemoOwner(store: Store, file: string, now: number): Promise<DemoOwner | null> {
  const existing = await store.findUserByEmail(DEMO_OWNER_EMAIL);
  if (existing) {
    try {
      const saved = Saved.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return { email: DEMO_OWNER_EMAIL, password: saved.success ? saved.data.password : null };
    } catch {
      return { email: DEMO_OWNER_EMAIL, password: null };
    }
  }
  if ((await store.countUsers()) > 0) return null;
  const password = randomToken(20);
  await store.createUser({ email: DEMO_OWNER_EMAIL, name: 'Demo owner', role: 'owner', passwordHash: await hashPassword(password) }, now);
  writeFileSync(file, `${JSON.stringify({ email: DEMO_OWNER_EMAIL, password }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  await store.appendAudit({ at: now, actor: { type: 'system', id: null, label: 'demo seed' }, environmentId: null, kind: 'person', action: 'person.created', target: DEMO_OWNER_EMAIL, changes: [{ path: 'role', after: 'owner' }], ip: null });
  return { email: DEMO_OWNER_EMAIL, password };
}

