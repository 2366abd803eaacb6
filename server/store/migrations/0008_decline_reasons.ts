import type { Migration } from './index';

/**
 * Why a person declined a prompt, in columns of their own rather than in `props`: `props` is the
 * host's (at most 50 keys, any names, so a host's own `reason` would collide), while the reason is
 * ours and is what product and pricing group by. Null for every other event type. No CHECK on the
 * reason: the list may grow, and the edge schema already refuses unknown ones.
 */
export const declineReasons: Migration = {
  version: 8,
  name: 'decline_reasons',
  sql: `
    ALTER TABLE events ADD COLUMN reason TEXT;
    ALTER TABLE events ADD COLUMN note TEXT;
  `,
};
