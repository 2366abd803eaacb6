import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { InviteInput, PERMISSIONS, PersonUpdate, roleCan, type Permission } from '../../../../shared/schemas/admin';
import type { Auditor } from '../../../services/audit';
import type { Logger } from '../../errors';
import { inviteMail } from '../../../infra/mail/invite';
import { MailError, type Mailer } from '../../../infra/mail/message';
import type { SessionEnv } from '../../../services/auth/sessions';
import { ApiError, methodNotAllowed } from '../../errors';
import { hashSecret, newId, randomToken } from '../../../infra/keys';
import { jsonBody } from '../../middleware/json-body';
import type { Store } from '../../../store/types';
import { inviteView, userView } from './views';

/** How long an invite link works. */
export const INVITE_TTL_MS = 7 * 86_400_000;

export interface PeopleDeps {
  store: Store;
  clock: () => number;
  audit: Auditor;
  /** The console's origin, for invite links. */
  consoleOrigin: (c: Parameters<Auditor>[0]) => string;
  /** Mails each invite link too, when a mail server is configured. */
  mailer?: Mailer | undefined;
  logger: Logger;
}

/** 403 unless the signed-in person's role grants `need`. */
export const must = (need: Permission) =>
  createMiddleware<SessionEnv>(async (c, next) => {
    const { role } = c.get('user');
    if (!roleCan(role, need)) throw new ApiError(403, 'forbidden', `Your role (${role}) cannot do this: it takes the ${PERMISSIONS[need]} role or above`);
    await next();
  });

/**
 * `GET /v1/admin/people` (anyone signed in); invites, role changes and removals (owner). An invite
 * is a one-time link whose token is stored hashed; no mail server is needed, the owner passes the
 * link on, and with a mailer it is mailed as well. The last owner can be neither demoted nor removed.
 */
export function peopleRoutes({ store, clock, audit, consoleOrigin, mailer, logger }: PeopleDeps) {
  const app = new Hono<SessionEnv>();
  app.get('/people', async (c) => {
    const people = await store.listUsers();
    const emails = new Map(people.map((p) => [p.id, p.email]));
    const invites = await store.listInvites(clock());
    return c.json({ people: people.map(userView), invites: invites.map((i) => inviteView(i, i.invitedBy ? (emails.get(i.invitedBy) ?? null) : null)) });
  });
  app.all('/people', methodNotAllowed('GET'));

  app.patch('/people/:id', must('manage'), jsonBody(PersonUpdate, 'person'), async (c) => {
    const { role } = c.req.valid('json');
    const before = await store.findUserById(c.req.param('id'));
    const result = await store.setUserRole(c.req.param('id'), role);
    if (result.outcome === 'not_found') throw new ApiError(404, 'not_found', 'No such person');
    if (result.outcome === 'last_owner') throw new ApiError(409, 'last_owner', 'This is the only owner; make someone else an owner first');
    await audit(c, { kind: 'person', action: 'person.role_changed', target: result.value.email, changes: [{ path: 'role', before: before?.role, after: role }] });
    return c.json({ user: userView(result.value) });
  });
  app.delete('/people/:id', must('manage'), async (c) => {
    const result = await store.deleteUser(c.req.param('id'));
    if (result.outcome === 'not_found') throw new ApiError(404, 'not_found', 'No such person');
    if (result.outcome === 'last_owner') throw new ApiError(409, 'last_owner', 'This is the only owner; make someone else an owner first');
    await audit(c, { kind: 'person', action: 'person.removed', target: result.value.email, before: { email: result.value.email, role: result.value.role } });
    return c.body(null, 204);
  });
  app.all('/people/:id', methodNotAllowed('PATCH', 'DELETE'));

  app.post('/invites', must('manage'), jsonBody(InviteInput, 'invite'), async (c) => {
    const { email, role } = c.req.valid('json');
    if (await store.findUserByEmail(email)) throw new ApiError(409, 'email_taken', `${email} already has access`, { issues: [{ path: 'email', message: 'already has access' }] });
    const now = clock();
    const token = randomToken(43);
    const invite = { id: newId('inv'), email, role, invitedBy: c.get('user').id, createdAt: now, expiresAt: now + INVITE_TTL_MS, acceptedAt: null };
    await store.createInvite(invite, hashSecret(token));
    await audit(c, { kind: 'invite', action: 'invite.created', target: email, after: { email, role, expiresAt: new Date(invite.expiresAt).toISOString() } });
    // The token rides in the fragment: browsers never send it to a server, so no log or Referer holds it.
    const origin = consoleOrigin(c);
    const url = `${origin}/admin/invite#token=${token}`;
    const inviter = c.get('user');
    const view = inviteView(invite, inviter.email);
    if (!mailer) return c.json({ invite: view, url, mailed: false }, 201);
    try {
      await mailer.send(inviteMail({ to: email, inviter, origin, role, url, expiresAt: invite.expiresAt }));
      return c.json({ invite: view, url, mailed: true }, 201);
    } catch (e) {
      // The invite stands either way; the owner copies the link. The log never holds the token.
      logger.warn('invite mail not sent', { invite: invite.id, to: email, error: e instanceof Error ? e.message : String(e) });
      const reason = e instanceof MailError ? e.message : 'Sending the mail failed';
      return c.json({ invite: view, url, mailed: false, mailError: `${reason}; copy the link and send it yourself` }, 201);
    }
  });
  app.all('/invites', methodNotAllowed('POST'));
  app.delete('/invites/:id', must('manage'), async (c) => {
    const removed = await store.deleteInvite(c.req.param('id'));
    if (!removed) throw new ApiError(404, 'not_found', 'No such pending invite');
    await audit(c, { kind: 'invite', action: 'invite.revoked', target: removed.email });
    return c.body(null, 204);
  });
  app.all('/invites/:id', methodNotAllowed('DELETE'));
  return app;
}
