import { useState } from 'preact/hooks';
import type { Role } from '../../../../../shared/schemas/admin';
import { announce, Button, ConfirmDialog, formatTime, Loaded, Select, useUnsavedChanges } from '../../../ui';
import { roleCan } from '../../../../../shared/roles';
import { Checkbox } from '../../common/Checkbox';
import { SecretOnce } from '../../common/SecretOnce';
import { OVERLAPS, type IdentityModel } from './model';
import { SigningExamples } from './SigningExamples';

/** Identity verification: on or off, the secret shown once when made or rotated, and how to sign tokens. */
export function IdentitySection({ role, model }: { role: Role; model: IdentityModel }) {
  const { current, required, unverifiedActions, overlap, secret, dirty, save, rotate } = model;
  const [rotating, setRotating] = useState(false);
  const owner = roleCan(role, 'manage');
  useUnsavedChanges(dirty.value || secret.value !== null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if ((await save.run()).ok) announce('Identity verification saved');
  };
  const confirmRotate = async () => {
    if ((await rotate.run()).ok) setRotating(false);
  };

  return (
    <section class="stack" aria-labelledby="identity-h">
      <h2 id="identity-h">Identity verification</h2>
      {secret.value ? (
        <SecretOnce title="Identity verification secret" secret={secret.value} use="Set it as UPSHIFT_IDENTITY_SECRET on your backend." onDone={() => (secret.value = null)} />
      ) : null}
      <Loaded resource={current} what="identity verification">
        {(view) => (
          <>
            <p class={view.required ? 'notice ok' : 'notice'}>
              {view.required
                ? 'On: every request that acts for a person must carry a token your backend signed.'
                : view.hasSecret
                  ? 'Off for events and history reads; trials and requests to admins still need a signed token' + (view.unverifiedActions ? ', except that this environment lets them through without one.' : '.')
                  : 'Not set up: trials and requests to admins are refused until you turn verification on or let them through without a token.'}
              {view.previousSecretValidUntil ? ` Tokens signed with the previous secret are taken until ${formatTime(view.previousSecretValidUntil)}.` : ''}
            </p>
            {owner ? (
              <form class="card stack" onSubmit={(e) => void submit(e)} noValidate aria-label="Identity verification settings">
                {save.error.value ? <p class="notice error" role="alert">{save.error.value}</p> : null}
                <Checkbox checked={required.value} onChecked={(v) => (required.value = v)} hint="Events, history reads, trials and requests to admins then need the person's signed token.">
                  Require a signed identity token
                </Checkbox>
                <Checkbox
                  checked={unverifiedActions.value}
                  disabled={required.value}
                  onChecked={(v) => (unverifiedActions.value = v)}
                  hint="Not recommended: anyone with the publishable key could then start a trial or ask the admins of any account. Has no effect while tokens are required."
                >
                  Let trials and requests to admins through without a token
                </Checkbox>
                {!view.hasSecret ? <p class="muted">Saving makes the signing secret and shows it once.</p> : null}
                <Button type="submit" variant="primary" disabled={!dirty.value && view.hasSecret} busy={save.busy.value} busyLabel="Saving…">
                  Save
                </Button>
              </form>
            ) : null}
            {owner && view.hasSecret ? (
              <div class="card stack">
                <h3>Rotate the secret</h3>
                <div class="row">
                  <Select label="Old secret keeps working for" value={overlap.value} options={OVERLAPS} onValue={(v) => (overlap.value = v)} />
                  <Button variant="danger" onClick={() => setRotating(true)}>
                    Rotate secret
                  </Button>
                </div>
              </div>
            ) : null}
          </>
        )}
      </Loaded>
      <SigningExamples />
      <ConfirmDialog
        open={rotating}
        title="Rotate the identity verification secret?"
        confirmLabel="Rotate secret"
        danger
        busy={rotate.busy.value}
        error={rotate.error.value}
        onConfirm={() => void confirmRotate()}
        onCancel={() => {
          rotate.clear();
          setRotating(false);
        }}
      >
        <p>
          {overlap.value === '0'
            ? 'Tokens signed with the current secret are refused at once, and so are events queued under them in open pages. Do this after a leak.'
            : `Tokens signed with the current secret are still taken for ${OVERLAPS.find((o) => o.value === overlap.value)?.label ?? ''}, while your backends switch to the new one.`}
        </p>
      </ConfirmDialog>
    </section>
  );
}
