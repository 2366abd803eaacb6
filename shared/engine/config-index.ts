import type { AddOn, Feature, NextStep, Plan } from '../schemas/catalog';
import type { Config } from '../schemas/config';
import type { Rule } from '../schemas/rule';
import { INTERRUPTIVE } from './surfaces';
import { leafCount } from './condition';

/** Lookups a config needs on every evaluation, built once per config object. */
export interface ConfigIndex {
  /** Rules in arbitration order: priority, then specificity (audience comparisons), then id. */
  rules: readonly Rule[];
  plans: ReadonlyMap<string, Plan>;
  addons: ReadonlyMap<string, AddOn>;
  features: ReadonlyMap<string, Feature>;
  /** Next steps by plan id, in catalog order. */
  next: ReadonlyMap<string, readonly NextStep[]>;
  /** Rules whose prompts do not spend the global budget: inline, panels, and prompts people ask for. */
  exempt: ReadonlySet<string>;
}

const byId = <T extends { id: string }>(items: readonly T[] = []): Map<string, T> => new Map(items.map((x) => [x.id, x]));

// Keyed by the config object itself: a new config (a publish) gets a new index, and an unused
// one is collected with its config. Configs are treated as immutable once evaluated.
const indexes = new WeakMap<Config, ConfigIndex>();

export function indexConfig(config: Config): ConfigIndex {
  let index = indexes.get(config);
  if (!index) {
    const { catalog } = config;
    const count = (r: Rule): number => {
      try {
        return r.audience ? leafCount(r.audience) : 0;
      } catch {
        return 0;
      }
    };
    const specificity = new Map(config.rules.map((r) => [r, count(r)]));
    const next = new Map<string, NextStep[]>();
    for (const step of catalog.nextSteps) (next.get(step.from) ?? next.set(step.from, []).get(step.from)!).push(step);
    index = {
      rules: [...config.rules].sort(
        (a, b) => b.priority - a.priority || specificity.get(b)! - specificity.get(a)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      ),
      plans: byId(catalog.plans),
      addons: byId(catalog.addons),
      features: byId(catalog.features),
      next,
      exempt: new Set(config.rules.filter((r) => !INTERRUPTIVE[r.surface] || r.trigger.type === 'feature').map((r) => r.id)),
    };
    indexes.set(config, index);
  }
  return index;
}
