import type { InviteCreated, PeopleView, Role, User } from '../../../shared/schemas/admin';
import { api } from '../api';
import { resource } from './resource';
import { updateUser } from './session';

/** People and pending invitations (`GET /v1/admin/people`). Every change reloads the list the server answers. */
export const people = resource<PeopleView>();

export const loadPeople = (): Promise<void> => people.load(() => api<PeopleView>('GET', '/v1/admin/people'));

/** Invites someone; the answer's `url` is shown this once (the server stores only a hash of its token). */
export async function invite(email: string, role: Role): Promise<InviteCreated> {
  const created = await api<InviteCreated>('POST', '/v1/admin/invites', { email, role });
  await loadPeople();
  return created;
}

export async function revokeInvite(id: string): Promise<void> {
  await api('DELETE', `/v1/admin/invites/${encodeURIComponent(id)}`);
  await loadPeople();
}

/** Changes a role; 409 `last_owner` when it would leave nobody able to manage Upshift. */
export async function changeRole(id: string, role: Role): Promise<void> {
  const { user } = await api<{ user: User }>('PATCH', `/v1/admin/people/${encodeURIComponent(id)}`, { role });
  updateUser(user);
  await loadPeople();
}

export async function removePerson(id: string): Promise<void> {
  await api('DELETE', `/v1/admin/people/${encodeURIComponent(id)}`);
  await loadPeople();
}
