import type { Invite, Role, User } from '../../../../shared/schemas/admin';
import { Button, formatTime } from '../../ui';
import type { Pending } from './index';
import { ROLE_OPTIONS } from './roles';

interface PeopleProps {
  people: User[];
  selfId: string | null;
  canManage: boolean;
  onAsk: (p: Pending) => void;
}

/** Everyone with access. Owners change a role from its select (confirmed before it applies) and remove people. */
export function PeopleTable({ people, selfId, canManage, onAsk }: PeopleProps) {
  return (
    <div class="table-wrap">
      <table class="table" aria-labelledby="people-list">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Last sign-in</th>
            {canManage ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id}>
              <td>
                {p.name ?? <span class="muted">(no name)</span>}
                {p.id === selfId ? <span class="muted"> (you)</span> : null}
              </td>
              <td>{p.email}</td>
              <td>
                {canManage ? (
                  <select
                    class="inline"
                    aria-label={`Role of ${p.email}`}
                    value={p.role}
                    onChange={(e) => {
                      const role = e.currentTarget.value as Role;
                      // The select shows the current role until the change is confirmed and saved.
                      e.currentTarget.value = p.role;
                      onAsk({ kind: 'role', person: p, role });
                    }}
                  >
                    {ROLE_OPTIONS.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.value}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span class="badge">{p.role}</span>
                )}
              </td>
              <td>{formatTime(p.lastSignInAt)}</td>
              {canManage ? (
                <td>
                  <Button small variant="danger" onClick={() => onAsk({ kind: 'remove', person: p })} aria-label={`Remove ${p.email}`}>
                    Remove
                  </Button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Invitations not yet accepted; owners revoke them. */
export function InvitesTable({ invites, canManage, onAsk }: { invites: Invite[]; canManage: boolean; onAsk: (p: Pending) => void }) {
  return (
    <div class="table-wrap">
      <table class="table" aria-labelledby="people-invites">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Invited</th>
            <th scope="col">Expires</th>
            {canManage ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {invites.map((i) => (
            <tr key={i.id}>
              <td>{i.email}</td>
              <td>
                <span class="badge">{i.role}</span>
              </td>
              <td>{formatTime(i.createdAt)}</td>
              <td>{formatTime(i.expiresAt)}</td>
              {canManage ? (
                <td>
                  <Button small variant="danger" onClick={() => onAsk({ kind: 'revoke', invite: i })} aria-label={`Revoke invitation for ${i.email}`}>
                    Revoke
                  </Button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
