import type { ConfigContent } from '../../shared/schemas/config';
import { audienceConfigs, audienceScenarios } from './audiences';
import { budgetConfigs, budgetScenarios } from './budget';
import { experimentConfigs, experimentScenarios } from './experiments';
import { gateConfigs, gateScenarios } from './gates';
import { guardConfigs, guardScenarios } from './guards';
import { ladderConfigs, ladderScenarios } from './ladder';
import type { Scenario } from './types';

export type { Expectation, PromptSummary, Scenario } from './types';

/**
 * The shared decision corpus: the same scenarios must decide the same way in the widget (real
 * Chromium) and through POST /v1/decide. Every expectation is written out by hand from the rules'
 * meaning, never computed by the engine under test.
 */
export const configs = {
  ...ladderConfigs,
  ...gateConfigs,
  ...guardConfigs,
  ...budgetConfigs,
  ...experimentConfigs,
  ...audienceConfigs,
} satisfies Record<string, ConfigContent>;

export type ConfigName = keyof typeof configs;

export const scenarios: Scenario[] = [...ladderScenarios, ...gateScenarios, ...guardScenarios, ...budgetScenarios, ...experimentScenarios, ...audienceScenarios];

/** The rules a published config keeps: drafts and archived rules never reach it. */
export const publishedRules = (name: string) => configs[name as ConfigName].rules.filter((r) => r.status === 'live' || r.status === 'paused');

for (const s of scenarios) {
  if (!Object.hasOwn(configs, s.config)) throw new Error(`scenario "${s.name}" names an unknown config "${s.config}"`);
}
