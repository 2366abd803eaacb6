import { z } from 'zod';
import { EpochMs, Key } from './common';

/** What one user has done with one rule. */
export const RuleState = z.object({
  /** When each tier was last dismissed. A dismissal holds for the rest of that billing period. */
  dismissed: z.record(Key, EpochMs).optional(),
});
export type RuleState = z.infer<typeof RuleState>;

/** Per-user prompt history the engine reads: kept by the widget, merged with the server's later. */
export const State = z.object({
  rules: z.record(Key, RuleState),
});
export type State = z.infer<typeof State>;
