import { useState } from 'preact/hooks';
import type { Role } from '../../../../../shared/schemas/admin';
import { announce, Button, ConfirmDialog, formatTime, Loaded, TextField, useUnsavedChanges } from '../../../ui';
import { roleCan } from '../../../../../shared/roles';
import { Checkbox } from '../../common/Checkbox';
import { SecretOnce } from '../../common/SecretOnce';
import { DeliveryLog } from './DeliveryLog';
import { EVENT_LABELS, EVENT_TYPES, type WebhookModel } from './model';

/** The webhook endpoint: URL and event types, its signing secret (shown once), tests and the delivery log. */
export function WebhookSection({ role, model }: { role: Role; model: WebhookModel }) {
  const { endpoint, url, events, secret, dirty, toggle, save, rotate, sendTest } = model;
  const [rotating, setRotating] = useState(false);
  const owner = roleCan(role, 'manage');
  useUnsavedChanges(dirty.value || secret.value !== null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if ((await save.run()).ok) announce('Webhook endpoint saved');
  };
  const test = async () => {
    if ((await sendTest.run()).ok) announce('Test event queued; it appears in the delivery log');
  };
  const confirmRotate = async () => {
    if ((await rotate.run()).ok) setRotating(false);
  };
  const eventsError = Object.entries(save.fieldErrors.value).find(([p]) => p.startsWith('events'))?.[1];

  return (
    <section class="stack" aria-labelledby="webhook-h">
      <h2 id="webhook-h">Webhook endpoint</h2>
      <p class="muted">Upshift POSTs signed events to your backend (Standard Webhooks): a trial started, a person asked their admins.</p>
      {secret.value ? <SecretOnce title="Webhook signing secret" secret={secret.value} use="Your receiver verifies each delivery's signature with it." onDone={() => (secret.value = null)} /> : null}
      <Loaded resource={endpoint} what="the webhook endpoint">
        {({ webhook }) => (
          <>
            {webhook ? (
              <p class="muted">
                Signing secret <code>{webhook.secretPrefix}…</code>, endpoint updated {formatTime(webhook.updatedAt)}.
              </p>
            ) : (
              <p class="notice">No endpoint yet: trials and requests to admins reach no backend.</p>
            )}
            {owner ? (
              <form class="card stack" onSubmit={(e) => void submit(e)} noValidate aria-label="Webhook endpoint">
                {save.error.value && !save.fieldErrors.value['url'] && !eventsError ? <p class="notice error" role="alert">{save.error.value}</p> : null}
                <TextField label="Endpoint URL" type="url" value={url.value} onValue={(v) => (url.value = v)} error={save.fieldErrors.value['url']} placeholder="https://api.acme.com/upshift/webhooks" autoComplete="off" />
                <fieldset>
                  <legend>Event types</legend>
                  {EVENT_TYPES.map((type) => (
                    <Checkbox key={type} checked={events.value.includes(type)} onChecked={(on) => toggle(type, on)}>
                      {EVENT_LABELS[type]}
                    </Checkbox>
                  ))}
                  {events.value.length === 0 ? <p class="error">Choose at least one event type.</p> : eventsError ? <p class="error">{eventsError}</p> : null}
                </fieldset>
                <div class="row">
                  <Button type="submit" variant="primary" disabled={!dirty.value || events.value.length === 0} busy={save.busy.value} busyLabel="Saving…">
                    {webhook ? 'Save endpoint' : 'Create endpoint'}
                  </Button>
                  {webhook ? (
                    <>
                      <Button onClick={() => void test()} busy={sendTest.busy.value} busyLabel="Sending…">
                        Send a test event
                      </Button>
                      <Button variant="danger" onClick={() => setRotating(true)}>
                        Rotate signing secret
                      </Button>
                    </>
                  ) : null}
                </div>
                {sendTest.error.value ? <p class="notice error" role="alert">{sendTest.error.value}</p> : null}
              </form>
            ) : null}
          </>
        )}
      </Loaded>
      <DeliveryLog model={model} owner={owner} />
      <ConfirmDialog
        open={rotating}
        title="Rotate the webhook signing secret?"
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
        <p>Deliveries are signed with the new secret from now on; your receiver refuses them until it has the new secret.</p>
      </ConfirmDialog>
    </section>
  );
}
