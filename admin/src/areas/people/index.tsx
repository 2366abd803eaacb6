import { useEffect, useState } from 'preact/hooks';
import type { Invite, Role, User } from '../../../../shared/schemas/admin';
import { ApiFailure } from '../../api';
import { changeRole, loadPeople, people, removePerson, revokeInvite } from '../../model/people';
import { allowed } from '../../model/roles';
import { user as me } from '../../model/session';
import { ConfirmDialog, Empty, Loaded, PageHeading, toast } from '../../ui';
import { InviteForm } from './invite-form';
import { InvitesTable, PeopleTable } from './tables';

/** What an owner is about to do, waiting for their confirmation. */
export type Pending = { kind: 'role'; person: User; role: Role } | { kind: 'remove'; person: User } | { kind: 'revoke'; invite: Invite };

const who = (p: User) => p.name ?? p.email;

function question(p: Pending): { title: string; body: string; confirm: string; danger: boolean } {
  switch (p.kind) {
    case 'role':
      return { title: `Make ${who(p.person)} ${p.role}?`, body: `${who(p.person)} is ${p.person.role} now. The change applies to their next request.`, confirm: `Make ${p.role}`, danger: false };
    case 'remove':
      return { title: `Remove ${who(p.person)}?`, body: `${p.person.email} loses access to this Upshift at once and is signed out everywhere.`, confirm: 'Remove', danger: true };
    case 'revoke':
      return { title: `Revoke the invitation for ${p.invite.email}?`, body: 'Its link stops working at once.', confirm: 'Revoke', danger: true };
  }
}

/** 409 `last_owner` says why in the person's terms: someone must stay able to manage Upshift. */
const explain = (e: unknown) =>
  e instanceof ApiFailure && e.code === 'last_owner' ? `${e.message} Make someone else an owner first.` : e instanceof Error ? e.message : String(e);

/** `/admin/people`: everyone with access, pending invitations, and (owners) inviting, roles and removal. */
export default function People() {
  const isOwner = allowed('manage');
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void loadPeople(), []);

  const ask = (p: Pending) => {
    setError(null);
    setPending(p);
  };
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    setError(null);
    try {
      if (pending.kind === 'role') await changeRole(pending.person.id, pending.role);
      else if (pending.kind === 'remove') await removePerson(pending.person.id);
      else await revokeInvite(pending.invite.id);
      toast(pending.kind === 'role' ? `${who(pending.person)} is now ${pending.role}.` : pending.kind === 'remove' ? `${who(pending.person)} was removed.` : 'Invitation revoked.');
      setPending(null);
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };
  const q = pending ? question(pending) : null;

  return (
    <>
      <PageHeading title="People" />
      {isOwner ? <InviteForm /> : <p class="muted">Only owners invite people and change roles.</p>}
      <Loaded resource={people} what="people">
        {(view) => (
          <>
            <h2 id="people-list">People</h2>
            <PeopleTable people={view.people} selfId={me.value?.id ?? null} canManage={isOwner} onAsk={ask} />
            <h2 id="people-invites">Pending invitations</h2>
            {view.invites.length ? <InvitesTable invites={view.invites} canManage={isOwner} onAsk={ask} /> : <Empty>No invitations are waiting to be accepted.</Empty>}
          </>
        )}
      </Loaded>
      <ConfirmDialog open={q !== null} title={q?.title ?? ''} confirmLabel={q?.confirm ?? ''} danger={q?.danger ?? false} busy={busy} error={error} onCancel={() => setPending(null)} onConfirm={confirm}>
        <p>{q?.body}</p>
      </ConfirmDialog>
    </>
  );
}
