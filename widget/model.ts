import { computed, signal } from '@preact/signals-core';
import { evaluate } from '../shared/engine/evaluate';
import type { Decision, Prompt } from '../shared/engine/types';
import type { Config } from '../shared/schemas/config';
import type { Context } from '../shared/schemas/context';
import type { State } from '../shared/schemas/state';

/** The widget's shared state. Everything the surfaces show is derived from these signals. */
export function createModel(now: () => number, onEngineError: (e: unknown) => void) {
  const context = signal<Context | null>(null);
  const config = signal<Config | null>(null);
  const state = signal<State>({ rules: {} });
  /** False until the server's history for the current person has arrived (or failed): no prompt shows before it. */
  const synced = signal(false);
  /** Prompts acted on during this page view (`ruleId:tier`), hidden until the next load. */
  const acted = signal<ReadonlySet<string>>(new Set());
  /** The clock reading of the latest decision, so `debug()` can explain exactly that decision (not a signal: computeds cannot write one). */
  let at = 0;

  const decision = computed<Decision | null>(() => {
    const ctx = context.value;
    const cfg = config.value;
    if (!ctx || !cfg) return null;
    try {
      at = now();
      return evaluate(cfg, ctx, state.value, at);
    } catch (e) {
      // A config that passed the guards but still trips the engine must not break the host page.
      onEngineError(e);
      return null;
    }
  });

  const prompt = computed<Prompt | null>(() => {
    if (!synced.value) return null;
    const p = decision.value?.prompt ?? null;
    return p && !acted.value.has(promptKey(p)) ? p : null;
  });

  return { context, config, state, synced, acted, decision, prompt, decidedAt: () => at };
}

export type Model = ReturnType<typeof createModel>;

export const promptKey = (p: Prompt): string => `${p.ruleId}:${p.tier}`;
