import type { SessionView } from '../../../../shared/schemas/admin';
import { api, ApiFailure } from '../../api';
import { signedOutReason, startSession } from '../../model/session';
import { Button, Form, PageHeading, TextField, useForm } from '../../ui';

/** When a refused sign-in may be tried again, from the server's details (`retryAfter`, seconds). */
function retryText(e: unknown): string | null {
  if (!(e instanceof ApiFailure) || e.status !== 429) return null;
  const seconds = Number((e.details as { retryAfter?: unknown } | undefined)?.retryAfter);
  if (!Number.isFinite(seconds) || seconds <= 0) return null;
  const at = new Date(Date.now() + seconds * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `You can try again in ${seconds < 90 ? `${Math.ceil(seconds)} seconds` : `${Math.ceil(seconds / 60)} minutes`} (at ${at}).`;
}

/** `/admin/sign-in`: email and password. The server's message is shown as it is ("Wrong email or password"). */
export default function SignIn() {
  const form = useForm({ email: '', password: '' });
  const submit = form.submit(async (values) => {
    try {
      startSession(await api<SessionView>('POST', '/v1/admin/session', values));
    } catch (e) {
      const retry = retryText(e);
      if (e instanceof ApiFailure && retry) throw new ApiFailure(e.status, e.code, `${e.message} ${retry}`, e.details);
      throw e;
    }
  });
  return (
    <>
      <PageHeading title="Sign in to Upshift" />
      {signedOutReason.value ? <p class="notice">{signedOutReason.value}</p> : null}
      <Form onSubmit={submit} form={form} label="Sign in">
        <TextField label="Email" type="email" autoComplete="username" {...form.field('email')} />
        <TextField label="Password" type="password" autoComplete="current-password" {...form.field('password')} />
        <Button type="submit" variant="primary" busy={form.busy} busyLabel="Signing in…">
          Sign in
        </Button>
      </Form>
      <p class="muted">No account yet? Ask an owner of this Upshift for an invitation link.</p>
    </>
  );
}
