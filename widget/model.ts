import { computed, signal } from './signals';
import type { DeclineReason } from '../shared/schemas/event';
import { INTERRUPTIVE } from '../shared/engine/surfaces';
import { decide } from '../shared/engine/decide';
import { wording } from '../shared/engine/wording';
import type { Decision, Picked, Prompt } from '../shared/engine/types';
import type { Config } from '../shared/schemas/config';
import type { Context } from '../shared/schemas/context';
import type { State } from '../shared/schemas/state';
import type { Strings } from '../shared/strings';

/** Where the person is, as audience conditions read it (`page.path`, `page.url`, `page.title`). */
export interface Page {
  path: string;
  url: string;
  title: string;
}

/** What a card is doing besides offering: waiting for the server, asking why not, or showing an outcome. */
export interface Ui {
  mode?: 'busy' | 'no' | 'other';
  /** An outcome to show, as a string key and its values, e.g. `['unlocked', 'Scheduled reports', 14]`. */
  msg?: [keyof Strings, ...(string | number)[]];
  /** The action succeeded: only the outcome and the close button remain. */
  ok?: boolean;
  /** The trial the call to action started, applied to the person's state when the card closes. */
  trial?: { startedAt: number; endsAt: number };
}

/** What a person can do with a prompt. */
export interface Actions {
  /** The call to action; `ask` when this person cannot buy and asks an admin instead. */
  go(p: Prompt, e: Event, ask: boolean): void;
  later(p: Prompt): void;
  no(p: Prompt, reason: DeclineReason, note?: string): void;
  close(p: Prompt): void;
  mode(p: Prompt, mode: Ui['mode']): void;
  /** Called once with each card's element as it mounts: one prompt instance. */
  seen(el: HTMLElement, p: Prompt): void;
}

/** The widget's shared state. Everything the surfaces show is derived from these signals. */
export function createModel(now: () => number, onEngineError: (e: unknown) => void) {
  const context = signal<Context | null>(null);
  const config = signal<Config | null>(null);
  const state = signal<State>({ rules: {} });
  /** Where the person is; kept current on single-page navigation. */
  const page = signal<Page | null>(null);
  /** False until the server's history for the current person has arrived (or failed): no prompt shows before it. */
  const synced = signal(false);
  /** Prompts acted on during this page view (`ruleId:tier`), hidden until the next load. */
  const acted = signal<ReadonlySet<string>>(new Set());
  /**
   * Set once the person turned an interruptive prompt away (dismissed, snoozed, declined): no other
   * interrupts this page view, except one they ask for by trying a locked feature.
   */
  const quiet = signal(false);
  /** Each card's progress (`ruleId:tier` → busy, asking why not, an outcome). */
  const ui = signal<Readonly<Record<string, Ui>>>({});
  /** The feature whose explanation panel is open, after a click on it. */
  const panel = signal<string | null>(null);
  /** Bumped when the page adds or changes `data-upshift-*` elements. */
  const dom = signal(0);
  /** The clock reading of the latest decision, so `debug()` can explain exactly that decision (not a signal: computeds cannot write one). */
  let at = 0;

  /** The context the engine sees: the host's, on the page the person is on now. */
  const onPage = computed<Context | null>(() => {
    const ctx = context.value;
    const p = page.value;
    return ctx && p ? { ...ctx, page: p } : ctx;
  });

  const decision = computed<Decision<Picked> | null>(() => {
    const ctx = onPage.value;
    const cfg = config.value;
    if (!ctx || !cfg) return null;
    try {
      at = now();
      return decide(cfg, ctx, state.value, at);
    } catch (e) {
      // A config that passed the guards but still trips the engine must not break the host page.
      onEngineError(e);
      return null;
    }
  });

  /** Whether a decided prompt may show on this page, once the person's history has arrived. */
  const allowed = (p: Picked | null | undefined): p is Picked => !!p && !acted.value.has(promptKey(p)) && !(quiet.value && INTERRUPTIVE[p.surface] && !p.asked);
  /** Whether a prompt may show now: the person's history has arrived and nothing on this page holds it back. */
  const open = (p: Picked | null | undefined): p is Picked => allowed(p) && synced.value;
  const prompt = computed(() => {
    const p = decision.value?.prompt;
    return open(p) ? p : null;
  });
  /** Inline-slot and feature-panel prompts that may show. */
  const placed = computed(() => (decision.value?.placed ?? []).filter(open));
  const panelPrompt = computed(() => placed.value.find((p) => p.surface === 'panel' && p.feature?.id === panel.value) ?? null);

  /** What the prompt UI needs to word a decided prompt (see shared/engine/render.ts). */
  const words = (p: Picked) => wording.get(p);

  // `key` too: the prompt UI keys its cards by it, and must not carry a copy of this module.
  return { context, config, state, page, synced, acted, quiet, ui, panel, dom, onPage, decision, allowed, prompt, placed, panelPrompt, words, key: promptKey, decidedAt: () => at };
}

export type Model = ReturnType<typeof createModel>;

export const promptKey = (p: Picked): string => `${p.ruleId}:${p.tier}`;
