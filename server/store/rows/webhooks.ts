import type { Store } from '../types';
import type { Delivery, DeliveryStatus, WebhookEndpoint } from '../webhook-types';

/*
 * Webhook rows as both stores read them, and their mappers: the columns are the same in SQLite and
 * PostgreSQL, so one copy keeps the two stores returning the same objects.
 */

export interface EndpointRow {
  url: string;
  events: string | null;
  secret: string;
  created_at: number;
  updated_at: number;
}

export interface DeliveryRow {
  id: string;
  environment_id: string;
  event_type: string;
  payload: string;
  attempts: number;
  status: DeliveryStatus;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
  created_at: number;
  updated_at: number;
}

export const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  url: r.url,
  events: r.events === null ? null : (JSON.parse(r.events) as string[]),
  secret: r.secret,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  environmentId: r.environment_id,
  type: r.event_type,
  payload: r.payload,
  attempts: r.attempts,
  status: r.status,
  lastStatus: r.last_status,
  lastError: r.last_error,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The Store methods each store's webhook module provides. */
export type WebhookMethods = Pick<
  Store,
  | 'getWebhookEndpoint'
  | 'putWebhookEndpoint'
  | 'rotateWebhookSecret'
  | 'enqueueWebhook'
  | 'resendDelivery'
  | 'claimDeliveries'
  | 'releaseClaims'
  | 'nextDeliveryAt'
  | 'recordDeliveryAttempt'
  | 'listDeliveries'
>;
