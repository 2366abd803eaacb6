/** An environment's webhook endpoint. `events` null means every type. Times are epoch ms. */
export interface WebhookEndpoint {
  url: string;
  events: string[] | null;
  /** `whsec_…`, stored sealed (see `secrets/`) because signing needs it back; never shown by `GET /v1/webhooks`. */
  secret: string;
  createdAt: number;
  updatedAt: number;
}

/** A webhook to queue: `id` becomes the `webhook-id` header, `payload` the exact body signed and sent. */
export interface WebhookMessage {
  id: string;
  type: string;
  payload: string;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** What an attempt left behind: the next try, or the final status. */
export interface DeliveryOutcome {
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  /** Epoch ms of the next try; null once succeeded or failed. */
  nextAttemptAt: number | null;
}

/** One queued webhook and how its delivery went. Times are epoch ms. */
export interface Delivery extends DeliveryOutcome {
  id: string;
  environmentId: string;
  type: string;
  payload: string;
  createdAt: number;
  updatedAt: number;
}

/** The environment's webhook endpoint and its queue of deliveries. */
export interface WebhookStore {
  getWebhookEndpoint(environmentId: string): Promise<WebhookEndpoint | null>;
  /**
   * Creates or replaces the endpoint's URL and event types. `secret` is used only when the
   * environment has no endpoint yet: a later change keeps the secret the host already trusts.
   */
  putWebhookEndpoint(
    environmentId: string,
    input: { url: string; events: string[] | null },
    secret: string,
    at: number,
  ): Promise<{ created: boolean; endpoint: WebhookEndpoint }>;
  /** Replaces the signing secret; null when the environment has no endpoint. */
  rotateWebhookSecret(environmentId: string, secret: string, at: number): Promise<WebhookEndpoint | null>;
  /** Queues a message, due at `at`, when the endpoint exists and takes its type; false otherwise. */
  enqueueWebhook(environmentId: string, message: WebhookMessage, at: number): Promise<boolean>;
  /** Pending deliveries due by `now`, in every environment, oldest due first. */
  dueDeliveries(now: number, limit: number): Promise<Delivery[]>;
  /** When the earliest pending delivery is due, or null when none is pending. */
  nextDeliveryAt(): Promise<number | null>;
  recordDeliveryAttempt(id: string, outcome: DeliveryOutcome, at: number): Promise<void>;
  /** Sends a failed delivery again from its first attempt; a pending or succeeded one is left as it is. */
  resendDelivery(environmentId: string, id: string, at: number): Promise<{ outcome: 'queued' | 'not_failed'; delivery: Delivery } | { outcome: 'not_found' }>;
  /** The environment's delivery log, newest first. */
  listDeliveries(environmentId: string, limit: number): Promise<Delivery[]>;
}
