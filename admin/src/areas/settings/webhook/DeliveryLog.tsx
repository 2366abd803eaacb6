import type { WebhookDelivery } from '../../../../../shared/schemas/webhook';
import { Button, Empty, formatTime, Loaded } from '../../../ui';
import type { WebhookModel } from './model';

const STATUS: Record<WebhookDelivery['status'], string> = { pending: 'Pending', succeeded: 'Delivered', failed: 'Failed' };

/** The last attempt's answer: its HTTP status and what went wrong, each said once (the error often names the status already). */
function lastAnswer(d: WebhookDelivery): string {
  const status = d.lastStatus === null ? null : `HTTP ${d.lastStatus}`;
  if (!d.lastError) return status ?? '—';
  return status === null || d.lastError.includes(status) ? d.lastError : `${status}: ${d.lastError}`;
}

/** The delivery log, newest first, with each payload expandable and Resend on failed deliveries. */
export function DeliveryLog({ model, owner }: { model: WebhookModel; owner: boolean }) {
  const { deliveries, resend } = model;
  return (
    <div class="card stack">
      <div class="spread">
        <h3>Delivery log</h3>
        <Button small busy={deliveries.loading.value} busyLabel="Refreshing…" onClick={() => void deliveries.load()}>
          Refresh
        </Button>
      </div>
      {resend.error.value ? <p class="notice error" role="alert">{resend.error.value}</p> : null}
      <Loaded resource={deliveries} what="the delivery log">
        {({ deliveries: list }) =>
          list.length === 0 ? (
            <Empty>No deliveries yet. {owner ? 'Send a test event to see one arrive.' : ''}</Empty>
          ) : (
            <div class="table-wrap">
              <table class="table">
                <caption>Webhook deliveries, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last answer</th>
                    <th scope="col">Created</th>
                    <th scope="col">Next attempt</th>
                    {owner ? <th scope="col"><span class="visually-hidden">Actions</span></th> : null}
                  </tr>
                </thead>
                <tbody>
                  {list.map((d) => (
                    <tr key={d.id}>
                      <th scope="row">
                        {d.type}
                        <details>
                          <summary>Payload</summary>
                          <pre class="code" tabIndex={0} aria-label={`Payload of ${d.type} delivery ${d.id}`}>
                            <code>{JSON.stringify(d.payload, null, 2)}</code>
                          </pre>
                        </details>
                      </th>
                      <td>
                        <span class={`badge status-${d.status}`}>{STATUS[d.status]}</span>
                      </td>
                      <td>{d.attempts}</td>
                      <td>{lastAnswer(d)}</td>
                      <td>{formatTime(d.createdAt)}</td>
                      <td>{d.nextAttemptAt ? formatTime(d.nextAttemptAt) : '—'}</td>
                      {owner ? (
                        <td>
                          {d.status === 'failed' ? (
                            <Button small onClick={() => void resend.run(d.id)} disabled={resend.busy.value} aria-label={`Resend ${d.type} delivery from ${formatTime(d.createdAt)}`}>
                              Resend
                            </Button>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </div>
  );
}
