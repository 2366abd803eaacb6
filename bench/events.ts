import { randomUUID } from 'node:crypto';
import type { Event } from '../shared/schemas/event';

export { seeded } from '../test/helpers/random';

const TIERS = ['p70', 'p85', 'p95'] as const;
const TRACKS = [
  { name: 'report.exported', props: () => ({ format: 'pdf', pages: 3 }) },
  { name: 'dashboard.viewed', props: () => ({ dashboard: 'usage-overview', widgets: 12, shared: false }) },
  { name: 'api_key.created', props: undefined },
  { name: 'seat.invited', props: () => ({ role: 'member', source: 'settings' }) },
] as const;

/**
 * One event as the widget queue sends it: mostly impressions, some clicks and dismissals of the
 * API-usage ladder, and host `track` calls. Ids are fresh, so nothing is a duplicate.
 */
export function makeEvent(rand: () => number, now: number): Event {
  const account = Math.floor(rand() * 200);
  const base = {
    id: randomUUID(),
    at: new Date(now - Math.floor(rand() * 3_600_000)).toISOString(),
    userId: `user_${account}_${Math.floor(rand() * 8)}`,
    accountId: `acct_${account}`,
  };
  const r = rand();
  if (r < 0.7) {
    const type = r < 0.5 ? 'impression' : r < 0.6 ? 'click' : 'dismiss';
    const variant = rand() < 0.5 ? { variant: rand() < 0.5 ? 'control' : 'b' } : {};
    return { ...base, type, ruleId: 'api-usage-ladder', tier: TIERS[Math.floor(rand() * 3)]!, surface: 'banner', configVersion: 1, ...variant };
  }
  const track = TRACKS[Math.floor(rand() * TRACKS.length)]!;
  return track.props ? { ...base, type: 'track', name: track.name, props: track.props() } : { ...base, type: 'track', name: track.name };
}

export function makeBatches(count: number, size: number, rand: () => number, now: number): Event[][] {
  return Array.from({ length: count }, () => Array.from({ length: size }, () => makeEvent(rand, now)));
}

