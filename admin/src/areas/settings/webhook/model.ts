import { computed, signal } from '@preact/signals';
import type { WebhookDelivery, WebhookEndpointView, WebhookEventType } from '../../../../../shared/schemas/webhook';
import { api, envPath } from '../../../api';
import { action, fetched } from '../../common/requests';

/** Every event type Upshift sends, as WEBHOOK_EVENT_TYPES in shared/schemas/webhook.ts (repeated here to keep zod out of the console; a test holds them together). */
export const EVENT_TYPES = ['trial.started', 'admin.requested', 'account.readiness_high'] as const satisfies readonly WebhookEventType[];

export const EVENT_LABELS: Record<WebhookEventType, string> = {
  'trial.started': 'trial.started: an account started a trial from a prompt',
  'admin.requested': 'admin.requested: a person asked their admins for an offer',
  'account.readiness_high': 'account.readiness_high: an account entered the high expansion-readiness band',
};

interface EndpointAnswer {
  webhook: WebhookEndpointView | null;
}

/** The webhook endpoint form, its signing secret (shown once) and the delivery log. */
export function createWebhookModel(envId: string) {
  const url = signal('');
  const events = signal<WebhookEventType[]>([...EVENT_TYPES]);
  const secret = signal<string | null>(null);
  const fill = ({ webhook }: EndpointAnswer) => {
    url.value = webhook?.url ?? '';
    events.value = webhook?.events ?? [...EVENT_TYPES];
  };
  const endpoint = fetched(() => api<EndpointAnswer>('GET', envPath(envId, 'webhooks')), fill);
  const deliveries = fetched(() => api<{ deliveries: WebhookDelivery[] }>('GET', envPath(envId, 'webhooks/deliveries?limit=50')));

  const dirty = computed(() => {
    if (endpoint.data.value === null) return false;
    const saved = endpoint.data.value.webhook;
    const savedEvents = saved?.events ?? [...EVENT_TYPES];
    return url.value.trim() !== (saved?.url ?? '') || savedEvents.length !== events.value.length || savedEvents.some((e) => !events.value.includes(e));
  });

  const toggle = (type: WebhookEventType, on: boolean) => {
    events.value = on ? EVENT_TYPES.filter((t) => t === type || events.value.includes(t)) : events.value.filter((t) => t !== type);
  };

  // Only the answer that made a secret carries it (creating the endpoint, rotating): it is shown once.
  const withSecret = async (answer: Promise<{ webhook: WebhookEndpointView; secret?: string }>) => {
    const { webhook, secret: made } = await answer;
    if (made) secret.value = made;
    endpoint.data.value = { webhook };
    fill({ webhook });
  };
  // All event types is sent as no list at all, so types added in later releases reach the endpoint too.
  const save = action(() =>
    withSecret(api('PUT', envPath(envId, 'webhooks'), { url: url.value.trim(), ...(events.value.length === EVENT_TYPES.length ? {} : { events: events.value }) })),
  );
  const rotate = action(() => withSecret(api('POST', envPath(envId, 'webhooks/rotate'))));
  const sendTest = action(async () => {
    await api<unknown>('POST', envPath(envId, 'webhooks/test'));
    await deliveries.load();
  });
  const resend = action(async (id: string) => {
    await api<unknown>('POST', envPath(envId, `webhooks/deliveries/${encodeURIComponent(id)}/resend`));
    await deliveries.load();
  });

  return { endpoint, deliveries, url, events, secret, dirty, toggle, save, rotate, sendTest, resend };
}
export type WebhookModel = ReturnType<typeof createWebhookModel>;
