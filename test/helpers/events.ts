import { randomUUID } from 'node:crypto';

/** A loosely typed event so tests can also build invalid ones; the server is what validates. */
export type RawEvent = Record<string, unknown>;

const base = (): RawEvent => ({
  id: randomUUID(),
  at: new Date().toISOString(),
  userId: 'user-1',
  accountId: 'acct-1',
});

const prompt = (type: 'impression' | 'click' | 'dismiss', overrides: RawEvent): RawEvent => ({
  ...base(),
  type,
  ruleId: 'api-usage-ladder',
  tier: 'p85',
  surface: 'banner',
  configVersion: 1,
  ...overrides,
});

export const impression = (overrides: RawEvent = {}): RawEvent => prompt('impression', overrides);
export const click = (overrides: RawEvent = {}): RawEvent => prompt('click', { variant: 'b', ...overrides });
export const dismiss = (overrides: RawEvent = {}): RawEvent => prompt('dismiss', overrides);
export const track = (overrides: RawEvent = {}): RawEvent => ({
  ...base(),
  type: 'track',
  name: 'report.exported',
  props: { format: 'pdf', pages: 3, scheduled: false, folder: null },
  ...overrides,
});

/** A widget's report that its queue's bound made it drop `count` events. */
export const dropped = (overrides: RawEvent = {}): RawEvent => ({ ...base(), type: 'dropped', count: 12, ...overrides });

/** One event of every type, each with a fresh id. */
export const mixedBatch = (): RawEvent[] => [impression(), click(), dismiss(), track(), track({ props: undefined }), dropped()];

export const idsOf = (events: readonly RawEvent[]): string[] => events.map((e) => String(e['id']));
