import { Hono } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { AcceptInviteInput, ChangePasswordInput, InviteTokenInput, SetupInput, SignInInput } from '../../../../shared/schemas/admin';
import type { Auditor } from '../../../services/audit';
import { decoyHash, hashPassword, verifyPassword } from '../../../services/auth/password';
import type { LoginLimiter } from '../../../services/auth/login-limiter';
import { clearSessionCookie, personActor, requireSession, startSession, type SessionDeps, type SessionEnv } from '../../../services/auth/sessions';
import { ApiError, invalidInput, methodNotAllowed } from '../../errors';
import { iso } from '../../../infra/iso';
import { hashSecret } from '../../../infra/keys';
import { jsonBody } from '../../middleware/json-body';
import { clientAddress } from '../../middleware/rate-limit';
import { userView } from './views';

export interface AuthDeps {
  sessions: SessionDeps;
  audit: Auditor;
  limiter: LoginLimiter;
  /** The one-time token printed at start while no person exists; without one, setup is only by `npm run admin:create`. */
  setupToken?: string | undefined;
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(hashSecret(a));
  const y = Buffer.from(hashSecret(b));
  return timingSafeEqual(x, y);
};

/**
 * Signing in and out, the first owner's setup, accepting an invite and changing one's password.
 * The answers to a wrong email and a wrong password are the same, in words and (through a decoy
 * hash) in time; failures are limited per email and per client address.
 */
export function authRoutes({ sessions, audit, limiter, setupToken }: AuthDeps) {
  const { store, clock } = sessions;
  const app = new Hono<SessionEnv>();

  app.get('/setup', async (c) => c.json({ needed: (await store.countUsers()) === 0 }));
  app.post('/setup', jsonBody(SetupInput, 'setup'), async (c) => {
    const input = c.req.valid('json');
    if ((await store.countUsers()) > 0) throw new ApiError(409, 'already_set_up', 'This server already has an owner; sign in instead');
    if (!setupToken || !sameSecret(input.token, setupToken)) {
      throw new ApiError(403, 'invalid_setup_token', 'That setup token is not the one in this server\'s start-up log');
    }
    const user = await store.createUser({ email: input.email, name: input.name ?? null, role: 'owner', passwordHash: await hashPassword(input.password) }, clock());
    if (!user) throw new ApiError(409, 'already_set_up', 'This server already has an owner; sign in instead');
    // Two setups racing: only one can be first; the other's owner is taken back.
    if ((await store.countUsers()) > 1) {
      await store.deleteUser(user.id);
      throw new ApiError(409, 'already_set_up', 'This server already has an owner; sign in instead');
    }
    await audit(c, { kind: 'person', action: 'person.created', target: user.email, actor: personActor(user), after: { email: user.email, role: user.role, via: 'setup token' } });
    const csrfToken = await startSession(c, sessions, user);
    return c.json({ user: userView(user), csrfToken }, 201);
  });
  app.all('/setup', methodNotAllowed('GET', 'POST'));

  app.post('/session', jsonBody(SignInInput, 'sign-in'), async (c) => {
    const { email, password } = c.req.valid('json');
    const address = clientAddress(c, sessions.trustProxy);
    const wait = limiter.retryAfter(email, address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new ApiError(429, 'too_many_attempts', `Too many failed sign-ins; try again in ${wait} s`, { retryAfter: wait });
    }
    // Counted before the slow check: guesses sent all at once would otherwise all pass the limit above.
    limiter.failed(email, address);
    const user = await store.findUserByEmail(email);
    const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !matches) {
      await audit(c, { kind: 'session', action: 'session.sign_in_failed', target: email, actor: { type: 'anonymous', id: null, label: email } });
      throw new ApiError(401, 'invalid_credentials', 'Wrong email or password');
    }
    limiter.succeeded(email, address);
    const csrfToken = await startSession(c, sessions, user);
    await audit(c, { kind: 'session', action: 'session.signed_in', target: user.email, actor: personActor(user) });
    return c.json({ user: userView((await store.findUserById(user.id)) ?? user), csrfToken });
  });

  app.post('/invites/lookup', jsonBody(InviteTokenInput, 'invite'), async (c) => {
    const invite = await store.findInvite(hashSecret(c.req.valid('json').token));
    if (!invite || invite.acceptedAt !== null) throw new ApiError(404, 'invite_not_found', 'This invite link is not valid: it was used, revoked or mistyped. Ask an owner for a new one.');
    if (invite.expiresAt <= clock()) throw new ApiError(410, 'invite_expired', 'This invite link has expired. Ask an owner for a new one.');
    return c.json({ email: invite.email, role: invite.role, expiresAt: iso(invite.expiresAt) });
  });
  app.post('/invites/accept', jsonBody(AcceptInviteInput, 'invite acceptance'), async (c) => {
    const input = c.req.valid('json');
    const result = await store.acceptInvite(hashSecret(input.token), { name: input.name ?? null, passwordHash: await hashPassword(input.password) }, clock());
    if (result.outcome === 'not_found') throw new ApiError(404, 'invite_not_found', 'This invite link is not valid: it was used, revoked or mistyped. Ask an owner for a new one.');
    if (result.outcome === 'expired') throw new ApiError(410, 'invite_expired', 'This invite link has expired. Ask an owner for a new one.');
    if (result.outcome !== 'accepted') throw new ApiError(409, 'email_taken', 'Someone with this email already has access; sign in instead');
    await audit(c, { kind: 'person', action: 'invite.accepted', target: result.user.email, actor: personActor(result.user), after: { email: result.user.email, role: result.user.role } });
    const csrfToken = await startSession(c, sessions, result.user);
    return c.json({ user: userView(result.user), csrfToken }, 201);
  });

  // Everything below needs a session.
  const session = requireSession(sessions);
  app.get('/me', session, (c) => c.json({ user: userView(c.get('user')), csrfToken: c.get('session').csrfToken }));
  app.delete('/session', session, async (c) => {
    await store.deleteSession(c.get('session').idHash);
    clearSessionCookie(c, sessions);
    await audit(c, { kind: 'session', action: 'session.signed_out', target: c.get('user').email });
    return c.body(null, 204);
  });
  app.all('/session', methodNotAllowed('POST', 'DELETE'));
  app.delete('/sessions', session, async (c) => {
    const ended = await store.deleteUserSessions(c.get('user').id);
    clearSessionCookie(c, sessions);
    await audit(c, { kind: 'session', action: 'session.signed_out_everywhere', target: c.get('user').email, changes: [{ path: 'sessions', after: ended }] });
    return c.body(null, 204);
  });
  app.all('/sessions', methodNotAllowed('DELETE'));
  app.put('/me/password', session, jsonBody(ChangePasswordInput, 'password change'), async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json');
    const user = c.get('user');
    // The same limit as sign-in: a stolen session must not become a way to guess the password.
    const address = clientAddress(c, sessions.trustProxy);
    const wait = limiter.retryAfter(user.email, address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new ApiError(429, 'too_many_attempts', `Too many wrong passwords; try again in ${wait} s`, { retryAfter: wait });
    }
    limiter.failed(user.email, address);
    if (!(await verifyPassword(currentPassword, user.passwordHash))) throw invalidInput([{ path: ['currentPassword'], message: 'is not your current password' }], 'password change');
    limiter.succeeded(user.email, address);
    await store.setPassword(user.id, await hashPassword(newPassword));
    // Whoever knew the old password is signed out everywhere else.
    await store.deleteUserSessions(user.id, c.get('session').idHash);
    await audit(c, { kind: 'person', action: 'person.password_changed', target: user.email, changes: [{ path: 'password', before: 'old', after: 'new' }] });
    return c.body(null, 204);
  });
  app.all('/me/password', methodNotAllowed('PUT'));
  return app;
}
