import { z } from 'zod';
import * as admin from '../../../shared/schemas/admin';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { mergePaths, paths, type Spec } from './operation';

const Id = (what: string) => z.object({ id: z.string().min(1).meta({ description: what }) });
const Env = z.object({ env: z.string().min(1).meta({ description: 'The environment id' }) });
const EnvAndKey = Env.extend({ id: z.string().min(1).meta({ description: 'The secret key id' }) });
const InviteLookup = z.object({ email: z.string(), role: admin.Role, expiresAt: z.string() });

/** Sign-in and first owner: no session yet (writes still need a same-origin `Origin`). */
const signIn: readonly Spec[] = [
  { method: 'get', path: '/setup', id: 'getSetupStatus', summary: 'Does the server still wait for its first owner?', ok: { 200: { description: 'Whether set-up is needed', schema: admin.SetupStatus } } },
  { method: 'post', path: '/setup', id: 'setUp', summary: 'Make the first owner with the start-up log’s token', body: { schema: admin.SetupInput }, ok: { 201: { description: 'Signed in as the owner', schema: admin.SessionView } }, errors: [403, 409] },
  { method: 'post', path: '/session', id: 'signIn', summary: 'Sign in', description: 'Sets the session cookie; the answer carries the CSRF token every change needs.', body: { schema: admin.SignInInput, example: { email: 'dana@acme.com', password: 'correct horse battery staple' } }, ok: { 200: { description: 'Signed in', schema: admin.SessionView, headers: { 'Set-Cookie': 'The session cookie (`upshift_session`, `__Host-upshift_session` over https)' } } }, errors: [401, 403, 429] },
  { method: 'post', path: '/invites/lookup', id: 'lookUpInvite', summary: 'Whom an invite link is for', body: { schema: admin.InviteTokenInput }, ok: { 200: { description: 'The invite', schema: InviteLookup } }, errors: [403, 404, 410] },
  { method: 'post', path: '/invites/accept', id: 'acceptInvite', summary: 'Accept an invite and sign in', body: { schema: admin.AcceptInviteInput }, ok: { 201: { description: 'Signed in', schema: admin.SessionView } }, errors: [403, 404, 409, 410] },
];

/** Behind a session (and `X-CSRF-Token` on every change). */
const signedIn: readonly Spec[] = [
  { method: 'get', path: '/me', id: 'getMe', summary: 'Who is signed in, and the CSRF token', ok: { 200: { description: 'The session', schema: admin.SessionView } } },
  { method: 'delete', path: '/session', id: 'signOut', summary: 'Sign out', ok: { 204: { description: 'Signed out' } } },
  { method: 'delete', path: '/sessions', id: 'signOutEverywhere', summary: 'Sign out on every device', ok: { 204: { description: 'Every session ended' } } },
  { method: 'put', path: '/me/password', id: 'changePassword', summary: 'Change your password', description: 'Ends your other sessions.', body: { schema: admin.ChangePasswordInput }, ok: { 204: { description: 'Changed' } }, errors: [429] },
  { method: 'get', path: '/people', id: 'listPeople', summary: 'People and pending invites', ok: { 200: { description: 'Everyone with access', schema: admin.PeopleView } } },
  { method: 'patch', path: '/people/{id}', id: 'updatePerson', summary: 'Change a person’s role or name', params: { path: Id('The person’s id') }, body: { schema: admin.PersonUpdate }, ok: { 200: { description: 'Updated', schema: z.object({ user: admin.User }) } }, errors: [404, 409] },
  { method: 'delete', path: '/people/{id}', id: 'removePerson', summary: 'Remove a person', params: { path: Id('The person’s id') }, ok: { 204: { description: 'Removed' } }, errors: [404, 409] },
  { method: 'post', path: '/invites', id: 'invite', summary: 'Invite someone', body: { schema: admin.InviteInput, example: { email: 'sam@acme.com', role: 'editor' } }, ok: { 201: { description: 'The invite and its link (mailed when the server can)', schema: admin.InviteCreated } }, errors: [409] },
  { method: 'delete', path: '/invites/{id}', id: 'revokeInvite', summary: 'Revoke a pending invite', params: { path: Id('The invite id') }, ok: { 204: { description: 'Revoked' } }, errors: [404] },
  { method: 'get', path: '/environments', id: 'listEnvironments', summary: 'List environments', ok: { 200: { description: 'Every environment', schema: z.object({ environments: z.array(admin.EnvironmentView) }) } } },
  { method: 'post', path: '/environments', id: 'createEnvironment', summary: 'Create an environment', body: { schema: admin.EnvironmentInput, example: { name: 'Staging', allowedOrigins: ['https://staging.acme.com'] } }, ok: { 201: { description: 'Created, with its keys (the secret key shown this once)', schema: admin.EnvironmentCreated } } },
  { method: 'get', path: '/environments/{env}', id: 'getEnvironment', summary: 'Get an environment', params: { path: Env }, ok: { 200: { description: 'The environment', schema: z.object({ environment: admin.EnvironmentView }) } }, errors: [404] },
  { method: 'patch', path: '/environments/{env}', id: 'updateEnvironment', summary: 'Rename, or replace the allowed origins', params: { path: Env }, body: { schema: admin.EnvironmentUpdate, example: { name: 'Production' } }, ok: { 200: { description: 'Updated', schema: z.object({ environment: admin.EnvironmentView }) } }, errors: [404] },
  { method: 'delete', path: '/environments/{env}', id: 'deleteEnvironment', summary: 'Delete an environment', description: 'The body confirms by the environment’s name.', params: { path: Env }, body: { schema: admin.EnvironmentDelete }, ok: { 204: { description: 'Deleted' } }, errors: [404] },
  { method: 'post', path: '/environments/{env}/publishable-key/rotate', id: 'rotatePublishableKey', summary: 'Rotate the publishable key', params: { path: Env }, body: { schema: admin.RotateKeyInput }, ok: { 200: { description: 'The new key', schema: z.object({ environment: admin.EnvironmentView }) } }, errors: [404, 409] },
  { method: 'get', path: '/environments/{env}/secret-keys', id: 'listSecretKeys', summary: 'List secret keys', params: { path: Env }, ok: { 200: { description: 'Their names and prefixes', schema: z.object({ keys: z.array(admin.SecretKeyView) }) } }, errors: [404] },
  { method: 'post', path: '/environments/{env}/secret-keys', id: 'createSecretKey', summary: 'Create a secret key', params: { path: Env }, body: { schema: admin.SecretKeyInput, example: { name: 'GitHub Actions' } }, ok: { 201: { description: 'The key, shown this once', schema: admin.SecretKeyCreated } }, errors: [404] },
  { method: 'delete', path: '/environments/{env}/secret-keys/{id}', id: 'revokeSecretKey', summary: 'Revoke a secret key', params: { path: EnvAndKey }, ok: { 204: { description: 'Revoked' } }, errors: [404] },
  { method: 'post', path: '/environments/{env}/origins/check', id: 'checkOrigin', summary: 'Would a page on this origin be let in?', params: { path: Env }, body: { schema: admin.OriginCheckInput, example: { origin: 'https://app.acme.com' } }, ok: { 200: { description: 'Yes or no, and why', schema: admin.OriginCheck } }, errors: [404] },
  { method: 'get', path: '/environments/{env}/installation', id: 'getInstallation', summary: 'Is the snippet working, per origin?', params: { path: Env }, ok: { 200: { description: 'Config fetches and events seen per origin', schema: admin.InstallationView } }, errors: [404] },
  { method: 'get', path: '/audit', id: 'listAudit', summary: 'The audit log, newest first', params: { query: admin.AuditQuery }, ok: { 200: { description: 'A page of entries; `next` continues', schema: admin.AuditPage } }, errors: [400] },
  { method: 'get', path: '/audit/export', id: 'exportAudit', summary: 'Download the audit log', params: { query: admin.AuditQuery }, ok: { 200: { description: 'The entries (sent as an attachment)', schema: z.array(admin.AuditEntry) } }, errors: [400] },
];

/** The console's own API under `/v1/admin` (people, environments, keys, audit); its environment-scoped routes come from scoped.ts. */
export function consolePaths(): ZodOpenApiPathsObject {
  return mergePaths(paths('/v1/admin', 'Console', 'none', signIn), paths('/v1/admin', 'Console', 'session', signedIn));
}
