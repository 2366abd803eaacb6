import { useState } from 'preact/hooks';
import type { InviteCreated, Role } from '../../../../shared/schemas/admin';
import { invite } from '../../model/people';
import { Button, CopyButton, Form, Select, TextField, useForm, useUnsavedChanges } from '../../ui';
import { ROLE_OPTIONS } from './roles';

/** Owners invite by email and role; the one-time link is shown with a copy button, and whether it was mailed. */
export function InviteForm() {
  const form = useForm({ email: '', role: 'editor' });
  const [created, setCreated] = useState<InviteCreated | null>(null);
  useUnsavedChanges(form.dirty && form.values.email !== '');
  const submit = form.submit(async ({ email, role }) => {
    setCreated(await invite(email, role as Role));
    form.reset({ email: '', role });
  });
  return (
    <section class="card" aria-labelledby="people-invite">
      <h2 id="people-invite">Invite someone</h2>
      <Form form={form} onSubmit={submit} label="Invite someone">
        <div class="row">
          <TextField label="Email" type="email" autoComplete="off" {...form.field('email')} />
          <Select label="Role" options={ROLE_OPTIONS} {...form.field('role')} />
        </div>
        <Button type="submit" variant="primary" busy={form.busy} busyLabel="Inviting…">
          Send invitation
        </Button>
      </Form>
      {created ? (
        <div class="notice ok stack" role="status">
          <p>
            Invitation for <strong>{created.invite.email}</strong> ({created.invite.role}) created.{' '}
            {created.mailed ? `Mailed to ${created.invite.email}; you can also send them this link yourself.` : 'Send them this link: it is shown only now.'}
          </p>
          {created.mailError ? <p class="notice warn">Not mailed: {created.mailError}.</p> : null}
          <div class="row">
            <code class="code" id="invite-link">
              {created.url}
            </code>
            <CopyButton text={created.url} label="Copy invitation link" />
          </div>
        </div>
      ) : null}
    </section>
  );
}
