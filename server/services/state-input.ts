import type { z } from 'zod';
import { Key, Locale, Timestamp } from '../../shared/schemas/common';
import { Context } from '../../shared/schemas/context';
import type { StateRequest } from '../../shared/schemas/state';
import type { Traits } from '../../shared/schemas/common';
import type { PersonQuery } from './person-state';

// What GET /v1/state's query and POST /v1/state's body say about the person's account, read
// leniently: the widget takes contexts the server cannot use all of, and a person should not lose
// their history over one unreadable part. Whatever cannot be used is dropped, never refused.

// Room for the context's 100 metrics (64-character keys and long numbers), within Node's 16 KB
// limit on the request head. A longer parameter cannot be a valid context and is not read.
const MAX_METRICS_CHARS = 12_000;
const MAX_ADDONS = 100;

/** The entries the engine could use: a Key and a finite number ≥ 0. Anything else, and a value that is not an object, is dropped. */
export function usableMetrics(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  // Object.entries reads own properties only; a JSON `__proto__` key is own, and fails Key.
  const kept = Object.entries(value).filter((e): e is [string, number] => Key.safeParse(e[0]).success && typeof e[1] === 'number' && Number.isFinite(e[1]) && e[1] >= 0);
  return Object.fromEntries(kept);
}

/** A query parameter holding a JSON object of metric values, such as `{"api_calls":8700}`. */
function metricsParam(raw: string | undefined): Record<string, number> {
  if (raw === undefined || raw.length > MAX_METRICS_CHARS) return {};
  try {
    return usableMetrics(JSON.parse(raw));
  } catch {
    return {};
  }
}

/** The valid add-on ids, each once, at most 100. */
const usableAddons = (ids: readonly unknown[]): string[] => [...new Set(ids.filter((id): id is string => Key.safeParse(id).success))].slice(0, MAX_ADDONS);

const valid = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/** What a state request says, before the identity token (if any) has its say over plan and limits. */
export interface StateInput {
  query: PersonQuery;
  /** Usage readings to keep as the day's snapshot; empty for a GET, which never writes. */
  usage: Record<string, number>;
  /** What else the POST said about the account and person, for its sighting (see `account-sighting.ts`). */
  seen?: Seen;
}

/** The readable parts of a state request's `createdAt`, `health`, `openTickets`, `locale`, `role` and `traits`. */
export interface Seen {
  createdAt?: string | undefined;
  health?: number | undefined;
  openTickets?: number | undefined;
  locale?: string | undefined;
  role?: string | undefined;
  traits?: Traits | undefined;
}

const account = Context.shape.account.shape;

/** `GET /v1/state`'s query, `user` and `account` already checked: `plan`, `periodStart`, `limits` (JSON) and `addons` (comma-separated). */
export function fromQuery(person: { user: string; account: string }, raw: Record<string, string>): StateInput {
  const addons = raw['addons'];
  return {
    query: {
      ...person,
      plan: valid(Key, raw['plan']),
      periodStart: valid(Timestamp, raw['periodStart']),
      limits: metricsParam(raw['limits']),
      addons: addons === undefined ? undefined : usableAddons(addons.split(',')),
    },
    usage: {},
  };
}

/** `POST /v1/state`'s body, its shape already checked by `StateRequest`. */
export function fromBody(body: StateRequest): StateInput {
  return {
    query: {
      user: body.user,
      account: body.account,
      plan: valid(Key, body.plan),
      periodStart: valid(Timestamp, body.periodStart),
      limits: usableMetrics(body.limits),
      addons: body.addons && usableAddons(body.addons),
    },
    usage: usableMetrics(body.usage),
    seen: {
      createdAt: valid(Timestamp, body.createdAt),
      health: valid(account.health, body.health),
      openTickets: valid(account.openTickets, body.openTickets),
      locale: valid(Locale, body.locale),
      role: valid(Context.shape.user.shape.role, body.role),
      traits: valid(account.traits, body.traits),
    },
  };
}
