import { revenueRollup } from '../../server/services/analytics/revenue-rollup';
import type { App } from '../../server/http/app';
import { attributionFor } from '../../server/services/attribution';
import type { Store } from '../../server/store/types';
import type { ConversionInput } from '../../shared/schemas/conversion';
import type { Event } from '../../shared/schemas/event';
import type { NewConversion } from '../../server/store/conversion-types';
import type { Item, ItemSink, SubscriptionItem } from './items';

/** Where a dataset goes: the real app over a store, with a clock the writer sets to each item's arrival. */
export interface DatasetTarget {
  app: App;
  store: Store;
  environmentId: string;
  publishableKey: string;
  secretKey: string;
  /** An origin the environment allows (publishable-key writes need one). */
  origin: string;
  setClock(ms: number): void;
  /**
   * Runs `write` in one transaction that the store's own transactions join as savepoints: a bulk
   * load then writes each page once per batch instead of once per item.
   */
  inOneTransaction(write: () => Promise<void>): Promise<void>;
  /** Drops the events' indexes a bulk load does not read (call before any event); the function it returns builds them again. */
  deferEventIndexes(): () => void;
}

/** How many of each item were written. */
export type WriteCounts = Record<Item['kind'], number> & { eventRows: number };

/**
 * `http`: every item through `app.request`, events as POST /v1/events batches of at least 100
 * (several accounts' events together, as a busy server receives them). `bulk`: events through
 * `store.insertEvents` in batches of `bulkRows` (the same transaction and roll-up hooks the route
 * runs, without JSON and validation), conversions through the route's own two steps, the rest
 * through the app, each batch and the items after it in one transaction. Either way the other
 * items wait until the events before them are stored, so attribution sees them; call `flush` at
 * the end.
 */
export function datasetWriter(t: DatasetTarget, mode: 'http' | 'bulk', bulkRows = 50_000) {
  const counts: WriteCounts = { events: 0, conversion: 0, subscription: 0, trial: 0, admin: 0, state: 0, eventRows: 0 };
  let rows: Event[] = [];
  let rowsAt = 0;
  let waiting: Item[] = [];

  const send = async (method: string, path: string, body: unknown, key: 'secret' | 'public', ok: readonly number[]) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key === 'secret') headers['authorization'] = `Bearer ${t.secretKey}`;
    else Object.assign(headers, { 'x-upshift-key': t.publishableKey, origin: t.origin });
    const res = await t.app.request(path, { method, headers, body: JSON.stringify(body) });
    if (!ok.includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return res;
  };

  // The Stripe route's own steps once a signed event is read: attribution, then the store.
  const subscription = async (c: SubscriptionItem, receivedAt: number) => {
    const window = await attributionFor(t.store, t.environmentId, c.accountId, c.at);
    const change = { ...c, currency: 'USD' };
    await t.store.recordSubscriptionChange(t.environmentId, change, window, receivedAt, revenueRollup);
  };

  // POST /v1/conversions' own steps once the body is read, for bulk loads: attribution, then the store.
  const conversion = async (body: ConversionInput, receivedAt: number) => {
    const input: NewConversion = { idempotencyKey: body.idempotencyKey, source: 'api', accountId: body.account, type: body.type, mrrDelta: body.mrrDelta, currency: body.currency, plan: body.plan ?? null, at: Date.parse(body.at) };
    const window = await attributionFor(t.store, t.environmentId, input.accountId, input.at, input.type);
    await t.store.recordConversion(t.environmentId, input, window, receivedAt, revenueRollup);
  };

  const write = async (item: Item) => {
    t.setClock(item.at);
    counts[item.kind]++;
    switch (item.kind) {
      case 'events':
        throw new Error('events are buffered, never written one item at a time');
      case 'conversion':
        if (mode === 'bulk') return conversion(item.body, item.at);
        return void (await send('POST', '/v1/conversions', item.body, 'secret', [200, 201]));
      case 'subscription':
        return subscription(item.change, item.at);
      case 'trial':
        return void (await send('POST', '/v1/trials', item.body, 'public', [200, 201]));
      case 'admin':
        return void (await send('POST', '/v1/admin-requests', item.body, 'public', [200, 202]));
      case 'state':
        return void (await send('POST', '/v1/state', item.body, 'public', [200]));
    }
  };

  const flushNow = async () => {
    if (rows.length) {
      t.setClock(rowsAt);
      if (mode === 'bulk') await t.store.insertEvents(t.environmentId, rows, rowsAt);
      else for (let i = 0; i < rows.length; i += 100) await send('POST', '/v1/events', { events: rows.slice(i, i + 100) }, 'public', [200]);
      rows = [];
    }
    const queue = waiting;
    waiting = [];
    for (const item of queue) await write(item);
  };
  const flush = () => (mode === 'bulk' ? t.inOneTransaction(flushNow) : flushNow());

  const sink: ItemSink = async (items) => {
    for (const item of items) {
      if (item.kind !== 'events') {
        waiting.push(item);
        continue;
      }
      counts.events++;
      counts.eventRows += item.events.length;
      for (const e of item.events) rows.push(e);
      rowsAt = Math.max(rowsAt, item.at);
    }
    if (rows.length >= (mode === 'bulk' ? bulkRows : 100)) await flush();
  };

  return { sink, flush, counts };
}
