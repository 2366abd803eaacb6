import { z } from 'zod';
import { ExternalId, Key, Locale, safeRecord, Timestamp, Traits } from './common';

/** Metric readings or limits keyed by metric id, e.g. `{ api_calls: 7200 }`. */
export const MetricValues = safeRecord(Key, z.number().finite().nonnegative(), 100);
export type MetricValues = z.infer<typeof MetricValues>;

/** What the host app tells Upshift about the person in front of it: `Upshift.identify(context)`. */
export const Context = z.object({
  user: z.object({
    id: ExternalId,
    role: z.string().min(1).max(64).optional(),
    locale: Locale.optional(),
    traits: Traits.optional(),
  }),
  account: z.object({
    id: ExternalId,
    plan: Key,
    createdAt: Timestamp.optional(),
    /** Start of the current or any earlier billing period; periods repeat monthly from it. Calendar months when absent. */
    periodStart: Timestamp.optional(),
    traits: Traits.optional(),
    /** 0-100 customer health score from the host's CS tooling. */
    health: z.number().min(0).max(100).optional(),
    /** Support tickets the account has open; any open ticket holds prompts back by default. */
    openTickets: z.number().int().nonnegative().optional(),
    /** Add-ons the account owns. */
    addons: z.array(Key).max(100).optional(),
  }),
  /**
   * The page the person is on. The widget fills it from the browser (`location.pathname`, `location.href`,
   * `document.title`) and keeps it current on single-page navigation; server-side callers pass it themselves.
   */
  page: z
    .object({
      path: z.string().max(2048).optional(),
      url: z.string().max(4096).optional(),
      title: z.string().max(1024).optional(),
    })
    .optional(),
  usage: MetricValues.optional(),
  /** Overrides the plan's limits from the catalog, e.g. for negotiated contracts. */
  limits: MetricValues.optional(),
  /** Identity token signed by the host's backend (verified when the environment requires it). */
  token: z.string().min(1).max(4096).optional(),
});
export type Context = z.infer<typeof Context>;
