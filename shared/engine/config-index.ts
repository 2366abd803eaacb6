import type { Metric, Plan } from '../schemas/catalog';
import type { Config } from '../schemas/config';
import type { Rule } from '../schemas/rule';

/** Lookups a config needs on every evaluation, built once per config object. */
export interface ConfigIndex {
  /** Rules by priority, highest first; ties by id, so the outcome never depends on list order. */
  rules: readonly Rule[];
  plans: ReadonlyMap<string, Plan>;
  metrics: ReadonlyMap<string, Metric>;
  /** Next-step plan id by plan id. */
  next: ReadonlyMap<string, string>;
}

function byPriority(a: Rule, b: Rule): number {
  return b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

// Keyed by the config object itself: a new config (a publish) gets a new index, and an unused
// one is collected with its config. Configs are treated as immutable once evaluated.
const indexes = new WeakMap<Config, ConfigIndex>();

export function indexConfig(config: Config): ConfigIndex {
  let index = indexes.get(config);
  if (!index) {
    const { catalog } = config;
    index = {
      rules: [...config.rules].sort(byPriority),
      plans: new Map(catalog.plans.map((p) => [p.id, p])),
      metrics: new Map(catalog.metrics.map((m) => [m.id, m])),
      next: new Map(catalog.nextSteps.map((s) => [s.from, s.to])),
    };
    indexes.set(config, index);
  }
  return index;
}
