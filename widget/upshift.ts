import { batch, effect } from '@preact/signals-core';
import { h, render } from 'preact';
import { gate as gateOf, type GateResult } from '../shared/engine/gate';
import { gateCountKey } from '../shared/engine/triggers';
import type { ExplainedReason } from '../shared/engine/explain';
import { uuidv7 } from '../shared/ids';
import type { Context } from '../shared/schemas/context';
import type { EventProps } from '../shared/schemas/event';
import { loadConfig } from './config-client';
import { createEmitter } from './emitter';
import { contextError, propsError } from './guards';
import { localState } from './local-state';
import { createModel } from './model';
import { applyTheme, renderPlacements } from './placements';
import { cardsFor, Root } from './surfaces/Root';
import { createActions } from './actions';
import { createTransport } from './transport';
import { fetchState } from './state-client';
import { mergeState } from '../shared/engine/merge-state';

import type { Widget, WidgetDeps } from './api';

export type { DebugReport, Explain, UpshiftApi, Widget, WidgetDeps } from './api';

const TRACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createUpshift(deps: WidgetDeps): Widget {
  const warned = new Set<string>();
  const warn = (message: string) => {
    // One warning per distinct problem: a host calling identify on every render must not flood the console.
    if (!warned.has(message)) {
      warned.add(message);
      deps.warn(`[upshift] ${message}`);
    }
  };
  const model = createModel(deps.now, (e) => warn(`engine error: ${errorText(e)}`));
  const transport = createTransport({ ...deps, warn, token: () => model.context.peek()?.token });
  const saved = localState(deps.storage, deps.key);
  const emitter = createEmitter((e) => warn(`an event handler threw: ${errorText(e)}`));

  loadConfig({ ...deps, warn, timeoutMs: 5000 })
    .then((config) => {
      model.config.value = config;
      emitter.emit('ready', { configVersion: config?.version ?? null });
    })
    .catch((e: unknown) => warn(`could not apply the config: ${errorText(e)}`));

  const base = (ctx: Context) => ({ id: uuidv7(deps.now(), deps.random), at: new Date(deps.now()).toISOString(), userId: ctx.user.id, accountId: ctx.account.id });

  const record = (ctx: Context, name: string, props?: EventProps) => {
    transport.send(props ? { ...base(ctx), type: 'track', name, props } : { ...base(ctx), type: 'track', name });
    model.state.value = saved.count(ctx, model.state.peek(), name, deps.now());
  };

  const actions = createActions({ deps, model, saved, emitter, transport, base });
  /** Renders, warning instead of throwing: a broken render must not break the host page. */
  const draw = (fn: () => void) =>
    effect(() => {
      try {
        fn();
      } catch (e) {
        warn(`could not render: ${errorText(e)}`);
      }
    });
  let mounted = false;
  deps.whenReady(() => {
    // Preact renders synchronously, so the signals read while rendering are tracked by the effect,
    // and a change to any of them renders again.
    draw(() => {
      // The widget's own root element is added to the page only once there is something to show.
      if (!mounted && !model.prompt.value && !model.panelPrompt.value) return;
      const root = deps.mount();
      if (!root) return;
      mounted = true;
      applyTheme(root.host as HTMLElement, model);
      render(h(Root, { model, a: actions }), root);
    });
    draw(() => renderPlacements(deps, model, cardsFor(model, actions)));
    deps.observe(() => model.dom.value++);
  });

  /** Counts identifies of a new person and resets; a /v1/state answer applies only to its own. */
  let generation = 0;

  function gate(featureId: string): GateResult {
    const config = model.config.peek();
    const ctx = model.context.peek();
    const result = config && ctx && typeof featureId === 'string' ? gateOf(config, ctx, featureId, deps.now()) : { locked: false, plan: null };
    // Trying a locked feature is the strongest expansion signal: it is counted, and may open a feature-gate prompt.
    if (result.locked && ctx) record(ctx, gateCountKey(featureId));
    return result;
  }

  return {
    identify(context) {
      const problem = contextError(context);
      if (problem) return warn(`identify ignored: ${problem}`);
      const withLocale: Context = context.user.locale || !deps.locale ? context : { ...context, user: { ...context.user, locale: deps.locale } };
      const previous = model.context.peek();
      const newPerson = !previous || !saved.sameHistory(previous, withLocale);
      // One update: the engine must never see the new person with the old person's history.
      batch(() => {
        if (newPerson) {
          model.state.value = saved.load(withLocale);
          model.synced.value = false;
        }
        model.context.value = withLocale;
      });
      // Once per person per page load: what other devices did (dismissals, counts) and the forecast.
      // Only the answer to the latest identify of a new person (or reset) may apply.
      if (newPerson) {
        const mine = ++generation;
        void fetchState(deps, withLocale).then((server) => {
          if (mine !== generation) return;
          try {
            if (server) model.state.value = saved.save(withLocale, mergeState(model.state.peek(), server));
          } catch (e) {
            warn(`could not apply the server state: ${errorText(e)}`);
          } finally {
            // With or without the server's answer, this device's knowledge is all there is now.
            model.synced.value = true;
          }
        });
      }
    },
    track(name, props) {
      const ctx = model.context.peek();
      if (!ctx) return warn('track ignored: call identify first');
      const problem = typeof name !== 'string' || !TRACK_NAME.test(name) || name.startsWith('upshift:') ? 'invalid event name' : propsError(props);
      if (problem) return warn(`track(${JSON.stringify(name)}) ignored: ${problem}`);
      record(ctx, name, props);
    },
    gate,
    press(featureId, intercept) {
      if (!gate(featureId).locked || !intercept) return false;
      // The attempt just recorded may have opened a feature-gate prompt: its panel, or an interruptive one.
      model.panel.value = featureId;
      const panel = !!model.panelPrompt.peek();
      if (!panel) model.panel.value = null;
      return panel || model.prompt.peek()?.feature?.id === featureId;
    },
    on: (name, handler) => emitter.on(name, handler),
    off: (name, handler) => emitter.off(name, handler),
    reset() {
      // Queued events keep the person and token they were recorded with.
      generation++;
      batch(() => {
        model.context.value = null;
        model.state.value = { rules: {} };
        model.synced.value = false;
        model.acted.value = new Set();
        model.ui.value = {};
        model.panel.value = null;
      });
    },
    flush: (final) => transport.flush(final),
    async debug() {
      // Everything the decision on screen was made from, taken before waiting for the explainer.
      const decision = model.decision.peek();
      const config = model.config.peek();
      const ctx = model.context.peek();
      const state = model.state.peek();
      const at = model.decidedAt();
      // Without the explainer (offline, blocked by CSP), each message is the code.
      let rules: ExplainedReason[] = (decision?.reasons ?? []).map((r) => ({ ...r, message: r.code }));
      try {
        const explain = config && ctx && (await deps.explainer());
        // The same inputs give the same codes; the explainer adds the facts and the words.
        if (explain) rules = explain(config, ctx, state, at);
      } catch {
        // Keep the codes.
      }
      return {
        configVersion: config?.version ?? null,
        waitingForServerState: ctx !== null && !model.synced.peek(),
        context: ctx,
        shown: model.prompt.peek(),
        placed: decision?.placed ?? [],
        rules,
      };
    },
  };
}
