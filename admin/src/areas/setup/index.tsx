import { useState } from 'preact/hooks';
import type { SessionView } from '../../../../shared/schemas/admin';
import { api, ApiFailure } from '../../api';
import { takeHashToken } from '../../model/hash';
import { boot, startSession } from '../../model/session';
import { Button, Form, PageHeading, TextField, useForm, useUnsavedChanges } from '../../ui';

/**
 * `/admin/setup`: the first owner. The one-time setup token is in the link the server printed at
 * start-up (`#token=...`, prefilled) or typed from its log.
 */
export default function Setup() {
  const [token] = useState(takeHashToken);
  const form = useForm({ token, email: '', name: '', password: '' });
  const [taken, setTaken] = useState(false);
  useUnsavedChanges(form.dirty && !form.busy);
  const submit = form.submit(async ({ name, ...rest }) => {
    try {
      startSession(await api<SessionView>('POST', '/v1/admin/setup', name.trim() ? { ...rest, name } : rest));
    } catch (e) {
      if (e instanceof ApiFailure && e.code === 'already_set_up') setTaken(true);
      // A wrong token belongs next to the token field, where the person can fix it.
      if (e instanceof ApiFailure && e.code === 'invalid_setup_token') throw new ApiFailure(e.status, e.code, e.message, { issues: [{ path: 'token', message: e.message }] });
      throw e;
    }
  });
  return (
    <>
      <PageHeading title="Set up Upshift" />
      <p>Create the first owner of this Upshift. Owners invite everyone else from the People page.</p>
      {taken ? (
        <p class="notice">
          Someone has already set up this Upshift. <Button onClick={() => void boot()}>Go to sign-in</Button>
        </p>
      ) : null}
      <Form onSubmit={submit} form={form} label="Set up">
        <TextField label="Setup token" hint="Printed by the server when it first started; the link it printed fills it in." autoComplete="off" {...form.field('token')} />
        <TextField label="Your email" type="email" autoComplete="username" {...form.field('email')} />
        <TextField label="Your name (optional)" autoComplete="name" {...form.field('name')} />
        <TextField label="Password" type="password" autoComplete="new-password" hint="A long passphrase; the server says if it is too short." {...form.field('password')} />
        <Button type="submit" variant="primary" busy={form.busy} busyLabel="Creating…">
          Create owner and sign in
        </Button>
      </Form>
    </>
  );
}
