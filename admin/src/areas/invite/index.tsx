import { useEffect, useState } from 'preact/hooks';
import type { Role, SessionView } from '../../../../shared/schemas/admin';
import { api } from '../../api';
import { takeHashToken, tokenFrom } from '../../model/hash';
import { startSession } from '../../model/session';
import { navigate } from '../../router';
import { Button, ErrorState, Form, formatTime, Loading, PageHeading, TextField, useForm } from '../../ui';

interface InviteInfo {
  email: string;
  role: Role;
  expiresAt: string;
}

type Lookup = { kind: 'none' } | { kind: 'loading' } | { kind: 'found'; info: InviteInfo } | { kind: 'failed'; message: string };

/** `/admin/invite#token=...`: who the invitation is for, then a name and password to accept it. */
export default function AcceptInvite() {
  const [token, setToken] = useState(takeHashToken);
  const [typed, setTyped] = useState('');
  const [lookup, setLookup] = useState<Lookup>({ kind: token ? 'loading' : 'none' });
  const form = useForm({ name: '', password: '' });

  useEffect(() => {
    if (!token) return;
    setLookup({ kind: 'loading' });
    api<InviteInfo>('POST', '/v1/admin/invites/lookup', { token }).then(
      (info) => setLookup({ kind: 'found', info }),
      (e: Error) => setLookup({ kind: 'failed', message: e.message }),
    );
  }, [token]);

  const accept = form.submit(async ({ name, password }) => {
    startSession(await api<SessionView>('POST', '/v1/admin/invites/accept', name.trim() ? { token, name, password } : { token, password }));
    navigate('/admin', { force: true });
  });

  return (
    <>
      <PageHeading title="Accept your invitation" />
      {lookup.kind === 'none' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setToken(tokenFrom(typed));
          }}
        >
          <TextField label="Invitation link or token" hint="Paste the link an owner sent you." value={typed} onValue={setTyped} autoComplete="off" />
          <Button type="submit" variant="primary">
            Continue
          </Button>
        </form>
      ) : null}
      {lookup.kind === 'loading' ? <Loading label="Looking up your invitation…" /> : null}
      {lookup.kind === 'failed' ? <ErrorState title="This invitation cannot be used" message={`${lookup.message} Ask an owner for a new invitation.`} /> : null}
      {lookup.kind === 'found' ? (
        <>
          <p>
            You are invited as <strong>{lookup.info.email}</strong> with the role <span class="badge">{lookup.info.role}</span>. The invitation expires {formatTime(lookup.info.expiresAt)}.
          </p>
          <Form onSubmit={accept} form={form} label="Accept invitation">
            <TextField label="Your name (optional)" autoComplete="name" {...form.field('name')} />
            <TextField label="Choose a password" type="password" autoComplete="new-password" hint="A long passphrase; the server says if it is too short." {...form.field('password')} />
            <Button type="submit" variant="primary" busy={form.busy} busyLabel="Joining…">
              Join and sign in
            </Button>
          </Form>
        </>
      ) : null}
    </>
  );
}
