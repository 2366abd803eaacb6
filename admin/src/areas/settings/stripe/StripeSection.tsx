import type { Role } from '../../../../../shared/schemas/admin';
import { announce, Button, CopyButton, Loaded, TextField, useUnsavedChanges } from '../../../ui';
import { roleCan } from '../../../../../shared/roles';
import type { StripeModel } from './model';

const EVENTS = ['customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted', 'customer.created', 'customer.updated'];

/** Stripe: where Stripe sends subscription events, and the signing secret that proves they are Stripe's. */
export function StripeSection({ envId, role, model }: { envId: string; role: Role; model: StripeModel }) {
  const { current, secret, dirty, save } = model;
  const owner = roleCan(role, 'manage');
  useUnsavedChanges(dirty.value);
  const submit = async (e: Event) => {
    e.preventDefault();
    if ((await save.run()).ok) announce('Stripe signing secret saved');
  };
  return (
    <section class="stack" aria-labelledby="stripe-h">
      <h2 id="stripe-h">Stripe</h2>
      <Loaded resource={current} what="the Stripe settings">
        {({ stripe }) => {
          // Until a secret is saved the server has no path to answer; it is the same one it will give.
          const endpoint = `${location.origin}${stripe?.webhookPath ?? `/v1/webhooks/stripe/${encodeURIComponent(envId)}`}`;
          return (
            <div class="card stack">
              <p>
                In Stripe, add a webhook endpoint at this URL for {EVENTS.map((ev, i) => <span key={ev}>{i ? ', ' : ''}<code>{ev}</code></span>)}, then save its signing secret here. Subscription changes become upgrades, downgrades and churn, credited to the prompts that earned them.
              </p>
              <div class="row">
                <code class="code" aria-label="Stripe webhook URL">
                  {endpoint}
                </code>
                <CopyButton text={endpoint} label="Copy Stripe webhook URL" />
              </div>
              <p class={stripe ? 'notice ok' : 'notice'}>{stripe ? <>A signing secret is saved: <code>{stripe.secretPrefix}…</code></> : 'No signing secret saved yet: Stripe events for this environment are refused.'}</p>
              {owner ? (
                <form class="stack" onSubmit={(e) => void submit(e)} noValidate aria-label="Stripe signing secret">
                  {save.error.value && !save.fieldErrors.value['secret'] ? <p class="notice error" role="alert">{save.error.value}</p> : null}
                  <div class="row">
                    <TextField
                      label={stripe ? 'New signing secret' : 'Signing secret'}
                      hint="From the endpoint's page in Stripe: whsec_…"
                      type="password"
                      autoComplete="off"
                      value={secret.value}
                      onValue={(v) => (secret.value = v)}
                      error={save.fieldErrors.value['secret']}
                    />
                    <Button type="submit" variant="primary" disabled={!dirty.value} busy={save.busy.value} busyLabel="Saving…">
                      {stripe ? 'Replace secret' : 'Save secret'}
                    </Button>
                  </div>
                </form>
              ) : null}
            </div>
          );
        }}
      </Loaded>
    </section>
  );
}
