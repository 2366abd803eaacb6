import type { AdminRequestInput } from '../../shared/schemas/admin-request';
import type { ConversionInput } from '../../shared/schemas/conversion';
import type { Event } from '../../shared/schemas/event';
import type { StateRequest } from '../../shared/schemas/state';
import type { TrialRequest } from '../../shared/schemas/trial';

/** An event without its id, of any type. */
export type EventBody = Event extends infer E ? (E extends Event ? Omit<E, 'id'> : never) : never;

/** A Stripe subscription's new MRR, as the Stripe webhook route hands it to the store. */
export interface SubscriptionItem {
  eventId: string;
  subscriptionId: string;
  accountId: string;
  mrr: number;
  before: number;
  deleted: boolean;
  plan: string;
  at: number;
}

/**
 * What the generator asks to write, at `at` (epoch ms: the server's clock when it arrives). Events
 * of one account and month come first as one item; the rest follow in order of arrival.
 */
export type Item =
  | { kind: 'events'; at: number; events: Event[] }
  | { kind: 'conversion'; at: number; body: ConversionInput }
  | { kind: 'subscription'; at: number; change: SubscriptionItem }
  | { kind: 'trial'; at: number; body: TrialRequest }
  | { kind: 'admin'; at: number; body: AdminRequestInput }
  | { kind: 'state'; at: number; body: StateRequest };

/** Takes the items of one account and month, in order. */
export type ItemSink = (items: readonly Item[]) => Promise<void>;

let counter = 0;
let tag = '0000000000';

/** Restarts the event ids of a dataset: the same seed gives the same ids. */
export function resetIds(seed: number): void {
  counter = 0;
  tag = (seed >>> 0).toString(16).padStart(10, '0').slice(-10);
}

/**
 * A valid UUID (version 8) that sorts in the order ids are made: a bulk load then appends to the
 * events' unique index instead of writing all over it.
 */
export function nextId(): string {
  const h = (counter++).toString(16).padStart(20, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(12, 15)}-8${h.slice(15, 18)}-${h.slice(18, 20)}${tag}`;
}
