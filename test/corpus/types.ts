import type { Context } from '../../shared/schemas/context';
import type { State } from '../../shared/schemas/state';

/**
 * A prompt as the corpus describes it. `ruleId`, `tier`, `variant` and `slot` are always compared;
 * `offer` (`"upgrade:pro"`, `"trial:scheduled_reports"`, `"contact_sales"`) and `title` only when the
 * scenario names them.
 */
export interface PromptSummary {
  ruleId: string;
  tier?: string;
  variant?: string;
  slot?: string;
  offer?: string;
  title?: string;
}

export interface Expectation {
  /** The one interruptive prompt (banner, toast or modal), or null. */
  prompt: PromptSummary | null;
  /** Inline-slot and feature-panel prompts, by rule id. */
  placed: PromptSummary[];
  /** The reason code of every rule in the config. */
  codes: Record<string, string>;
}

export interface Scenario {
  name: string;
  /** A key of `configs` in scenarios.ts. */
  config: string;
  context: Context;
  state: State;
  /** Epoch ms the decision is made at. */
  now: number;
  expect: Expectation;
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** 2026-11-22T12:00Z, inside the calendar period [Nov 1, Dec 1). */
export const NOW = Date.UTC(2026, 10, 22, 12);

/** ISO time of an instant, for contexts. */
export const iso = (ms: number): string => new Date(ms).toISOString();

