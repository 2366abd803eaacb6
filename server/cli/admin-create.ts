import { Email, NewPassword, Role } from '../../shared/schemas/admin';
import { hashPassword } from '../services/auth/password';
import type { Store } from '../store/types';

export interface AdminCreateInput {
  email: string;
  password: string;
  name?: string | undefined;
  role?: string | undefined;
  /** Sets a new password for a person who already has access (a lost password), instead of refusing. */
  reset?: boolean;
}

export type AdminCreateResult = { ok: true; message: string } | { ok: false; error: string };

/**
 * `npm run admin:create`: gives a person console access (an owner unless `role` says otherwise),
 * or with `reset` a new password, which also signs them out everywhere. Recorded in the audit log
 * as done by the server's own command line.
 */
export async function createAdmin(store: Store, input: AdminCreateInput, now: number): Promise<AdminCreateResult> {
  const email = Email.safeParse(input.email);
  if (!email.success) return { ok: false, error: `--email ${email.error.issues[0]?.message ?? 'is not valid'}` };
  const password = NewPassword.safeParse(input.password);
  if (!password.success) return { ok: false, error: `The password ${password.error.issues[0]?.message ?? 'is not valid'}` };
  const role = Role.safeParse(input.role ?? 'owner');
  if (!role.success) return { ok: false, error: `--role must be one of viewer, editor, publisher, owner; got "${input.role}"` };
  const actor = { type: 'system' as const, id: null, label: 'npm run admin:create' };
  const base = { at: now, actor, environmentId: null, ip: null };
  const existing = await store.findUserByEmail(email.data);
  if (existing) {
    if (!input.reset) return { ok: false, error: `${email.data} already has access (${existing.role}); add --reset to give them a new password` };
    await store.setPassword(existing.id, await hashPassword(password.data));
    const ended = await store.deleteUserSessions(existing.id);
    await store.appendAudit({ ...base, kind: 'person', action: 'person.password_reset', target: existing.email, changes: [{ path: 'password', before: '••••••', after: '••••••' }, { path: 'sessions', after: ended }] });
    return { ok: true, message: `New password set for ${existing.email} (${existing.role}); ${ended} session(s) signed out.` };
  }
  const user = await store.createUser({ email: email.data, name: input.name?.trim() || null, role: role.data, passwordHash: await hashPassword(password.data) }, now);
  if (!user) return { ok: false, error: `${email.data} already has access` };
  await store.appendAudit({ ...base, kind: 'person', action: 'person.created', target: user.email, changes: [{ path: 'role', after: user.role }] });
  return { ok: true, message: `${user.email} can now sign in to the console as ${user.role}.` };
}
