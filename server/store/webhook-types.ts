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
  /**
   * Claims up to `limit` pending deliveries due by `now`, in every environment, oldest due first,
   * for `claimant` until `leaseUntil` (epoch ms), and answers them. A delivery another claimant
   * holds is left out until its lease runs out (its node died mid-send): then it is claimable
   * again, so nothing is lost, and no two live deliverers (nodes) send the same delivery.
   */
  claimDeliveries(now: number, limit: number, leaseUntil: number, claimant: string): Promise<Delivery[]>;
  /** Hands back every delivery `claimant` still holds (graceful shutdown): due again at once. Answers how many. */
  releaseClaims(claimant: string): Promise<number>;
  /** When the earliest pending delivery is due (a claimed one: when its lease runs out), or null when none is pending. */
  nextDeliveryAt(): Promise<number | null>;
  /** Stores an attempt's outcome and ends its claim. */
  recordDeliveryAttempt(id: string, outcome: DeliveryOutcome, at: number): Promise<void>;
  /** Sends a failed delivery again from its first attempt; a pending or succeeded one is left as it is. */
  resendDelivery(environmentId: string, id: string, at: number): Promise<{ outcome: 'queued' | 'not_failed'; delivery: Delivery } | { outcome: 'not_found' }>;
  /** The environment's delivery log, newest first. */
  listDeliveries(environmentId: string, limit: number): Promise<Delivery[]>;
}
