import { z } from 'zod';
import { ExternalId, Key } from './common';
import { Note } from './event';
import { Offer } from './rule';
import { ReadinessAccount, ReadinessBand } from './analytics';

/** Every event type Upshift sends to a host's webhook endpoint. */
export const WEBHOOK_EVENT_TYPES = ['trial.started', 'admin.requested', 'account.readiness_high'] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** The event "Send a test event" queues: every endpoint takes it, whatever types it chose. */
export const TEST_WEBHOOK_TYPE = 'webhook.test';

/** Body of a test event: `data.message` says what it is, so a receiver can ignore it. */
export const TestWebhook = z.object({
  type: z.literal(TEST_WEBHOOK_TYPE),
  timestamp: z.iso.datetime({ offset: true }),
  data: z.object({ environmentId: z.string(), message: z.string() }),
});
export type TestWebhook = z.infer<typeof TestWebhook>;

/** Body of `PUT /v1/webhooks`: where to send events, and which ones (absent: all). */
export const WebhookEndpointInput = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).max(2048),
    events: z.array(WebhookEventType).min(1).max(WEBHOOK_EVENT_TYPES.length).optional(),
  })
  .strict();
export type WebhookEndpointInput = z.infer<typeof WebhookEndpointInput>;

/** An environment's endpoint as `GET /v1/webhooks` shows it: the signing secret only by its prefix. */
export const WebhookEndpointView = z.object({
  url: z.string(),
  /** Null: every event type. */
  events: z.array(WebhookEventType).nullable(),
  secretPrefix: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type WebhookEndpointView = z.infer<typeof WebhookEndpointView>;

/** `whsec_` and the base64 of the signing key, as the Standard Webhooks spec writes secrets. */
export const WebhookSecret = z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/);

/** Answer of `PUT /v1/webhooks` and `POST /v1/webhooks/rotate`: the only answers that carry the secret. */
export const WebhookEndpointWithSecret = z.object({ webhook: WebhookEndpointView, secret: WebhookSecret });
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

/** Body Upshift POSTs when an account starts a trial; the host grants the entitlement until `endsAt`. */
export const TrialStartedWebhook = z.object({
  type: z.literal('trial.started'),
  /** When the event happened (Standard Webhooks' envelope). */
  timestamp: z.iso.datetime({ offset: true }),
  data: z.object({
    accountId: ExternalId,
    userId: ExternalId,
    feature: Key,
    ruleId: Key,
    variant: Key.nullable(),
    startedAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
  }),
});
export type TrialStartedWebhook = z.infer<typeof TrialStartedWebhook>;

/**
 * Body Upshift POSTs when a person who cannot buy asks their admins for a rule's offer; the host
 * notifies the account's admins. Sent at most once per account, person and rule per 24 hours.
 */
export const AdminRequestedWebhook = z.object({
  type: z.literal('admin.requested'),
  timestamp: z.iso.datetime({ offset: true }),
  data: z.object({
    accountId: ExternalId,
    userId: ExternalId,
    /** The person's role in the host app, as the widget knew it; null when it did not. */
    role: z.string().nullable(),
    ruleId: Key,
    /** The rule's offer as configured, e.g. `{ type: 'upgrade', plan: 'next' }`. */
    offer: Offer,
    note: Note.nullable(),
  }),
});
export type AdminRequestedWebhook = z.infer<typeof AdminRequestedWebhook>;

/**
 * Body Upshift POSTs when an account's expansion readiness enters the high band (75+, and not
 * "fix first"): once each time it enters, so leaving and coming back sends it again.
 */
export const ReadinessHighWebhook = z.object({
  type: z.literal('account.readiness_high'),
  timestamp: z.iso.datetime({ offset: true }),
  data: ReadinessAccount.omit({ updatedAt: true }).extend({
    /** The band the account left, or null when this was its first score. */
    previousBand: ReadinessBand.nullable(),
  }),
});
export type ReadinessHighWebhook = z.infer<typeof ReadinessHighWebhook>;

export const DeliveryStatus = z.enum(['pending', 'succeeded', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** One message in the delivery log of `GET /v1/webhooks/deliveries`. */
export const WebhookDelivery = z.object({
  /** The `webhook-id` header: the same on every attempt, so the receiver can drop repeats. */
  id: z.string(),
  type: z.union([WebhookEventType, z.literal(TEST_WEBHOOK_TYPE)]),
  status: DeliveryStatus,
  attempts: z.number().int().nonnegative(),
  /** HTTP status of the last attempt, or null when it got no answer. */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  /** Null once the delivery succeeded or failed for good. */
  nextAttemptAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  payload: z.unknown(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
