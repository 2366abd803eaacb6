import { computed, signal } from '@preact/signals-core';
import { evaluate } from '../shared/engine/evaluate';
import type { Decision, Prompt } from '../shared/engine/types';
import type { Config } from '../shared/schemas/config';
import type { Context } from '../shared/schemas/context';
import type { State } from '../shared/schemas/state';
import type { Ui } from './surfaces/Card';

/** The widget's shared state. Everything the surfaces show is derived from these signals. */
export function createModel(now: () => number, onEngineError: (e: unknown) => void) {
  const context = signal<Context | null>(null);
  const config = signal<Config | null>(null);
  const state = signal<State>({ rules: {} });
  /** False until the server's history for the current person has arrived (or failed): no prompt shows before it. */
  const synced = signal(false);
  /** Prompts acted on during this page view (`ruleId:tier`), hidden until the next load. */
  const acted = signal<ReadonlySet<string>>(new Set());
  /** Each card's progress (`ruleId:tier` → busy, asking why not, an outcome). */
  const ui = signal<Readonly<Record<string, Ui>>>({});
  /** The feature whose explanation panel is open, after a click on it. */
  const panel = signal<string | null>(null);
  /** Bumped when the page adds or changes `data-upshift-*` elements. */
  const dom = signal(0);
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

  /** Whether a prompt may show now: the person's history has arrived and they have not acted on it on this page. */
  const open = (p: Prompt | null | undefined): p is Prompt => !!p && synced.value && !acted.value.has(promptKey(p));
  const prompt = computed(() => {
    const p = decision.value?.prompt;
    return open(p) ? p : null;
  });
  /** Inline-slot and feature-panel prompts that may show. */
  const placed = computed(() => (decision.value?.placed ?? []).filter(open));
  const panelPrompt = computed(() => placed.value.find((p) => p.surface === 'panel' && p.feature?.id === panel.value) ?? null);

  return { context, config, state, synced, acted, ui, panel, dom, decision, prompt, placed, panelPrompt, decidedAt: () => at };
}

export type Model = ReturnType<typeof createModel>;

export const promptKey = (p: Prompt): string => `${p.ruleId}:${p.tier}`;
