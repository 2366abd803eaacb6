import { useState } from 'preact/hooks';
import { api, ApiFailure } from '../../api';
import { signOutEverywhere, user } from '../../model/session';
import { Button, ConfirmDialog, Form, formatTime, PageHeading, TextField, toast, useForm, useUnsavedChanges } from '../../ui';

/** `/admin/account`: who you are, a new password, and signing out everywhere. */
export default function Account() {
  const me = user.value;
  const form = useForm({ currentPassword: '', newPassword: '', confirm: '' });
  const [confirmAll, setConfirmAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useUnsavedChanges(form.dirty);

  const change = form.submit(async ({ currentPassword, newPassword, confirm }) => {
    if (newPassword !== confirm) throw new ApiFailure(400, 'mismatch', 'The new passwords differ.', { issues: [{ path: 'confirm', message: 'must repeat the new password exactly' }] });
    await api('PUT', '/v1/admin/me/password', { currentPassword, newPassword });
    form.reset({ currentPassword: '', newPassword: '', confirm: '' });
    toast('Password changed. Your other sessions were signed out.');
  });

  const everywhere = async () => {
    setBusy(true);
    setError(null);
    try {
      await signOutEverywhere();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading title="Account" />
      {me ? (
        <section class="card" aria-labelledby="account-who">
          <h2 id="account-who">You</h2>
          <p>
            {me.name ? <strong>{me.name} </strong> : null}
            {me.email} · role <span class="badge">{me.role}</span>
            <br />
            <span class="muted">Last sign-in: {formatTime(me.lastSignInAt)}</span>
          </p>
        </section>
      ) : null}
      <section class="card" aria-labelledby="account-password">
        <h2 id="account-password">Change password</h2>
        <Form onSubmit={change} form={form} label="Change password">
          <TextField label="Current password" type="password" autoComplete="current-password" {...form.field('currentPassword')} />
          <TextField label="New password" type="password" autoComplete="new-password" hint="Changing it signs out your other sessions." {...form.field('newPassword')} />
          <TextField label="Repeat new password" type="password" autoComplete="new-password" {...form.field('confirm')} />
          <Button type="submit" variant="primary" busy={form.busy} busyLabel="Saving…">
            Change password
          </Button>
        </Form>
      </section>
      <section class="card" aria-labelledby="account-sessions">
        <h2 id="account-sessions">Sessions</h2>
        <p>Lost a laptop, or signed in on a shared computer? Sign out everywhere, this browser included.</p>
        <Button variant="danger" onClick={() => setConfirmAll(true)}>
          Sign out of every device
        </Button>
      </section>
      <ConfirmDialog open={confirmAll} title="Sign out of every device?" confirmLabel="Sign out everywhere" danger busy={busy} error={error} onCancel={() => setConfirmAll(false)} onConfirm={everywhere}>
        <p>Every browser where you are signed in, this one included, will ask for your password again.</p>
      </ConfirmDialog>
    </>
  );
}
