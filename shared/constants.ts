// Lists both the schemas and the widget need. They live here, free of zod, so upshift.js can import
// them without pulling in the schemas; the schemas re-export them.

/** Who may buy when the settings name no `buyerRoles`: people with these `user.role`s, and people with no role. */
export const DEFAULT_BUYER_ROLES = ['owner', 'admin', 'billing'] as const;

/** Why a person said no: not enough budget, not the right time, doesn't fit their use case, or something else. */
export const DECLINE_REASONS = ['budget', 'timing', 'fit', 'other'] as const;

/** The variant an exposure records for an account that was held out, by the rule's holdout or the global one. */
export const HOLDOUT = 'holdout';
