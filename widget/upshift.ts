import { batch, effect, signal } from './signals';
import { useMatcher } from '../shared/engine/condition';
import { LEAN } from '../shared/engine/facts';
import { gate as gateOf, type GateResult } from '../shared/engine/gate';
import { gateCountKey } from '../shared/engine/triggers';
import type { ExplainedReason } from '../shared/engine/explain';
import type { Picked, Prompt } from '../shared/engine/types';
import { uuidv7 } from '../shared/ids';
import type { Context } from '../shared/schemas/context';
import type { EventProps } from '../shared/schemas/event';
import { renderBadges } from './badges';
import { loadConfig } from './config-client';
import { createEmitter } from './emitter';
import { exposures } from './exposures';
import { contextError, propsError } from './guards';
import { localState } from './local-state';
import { mergeState } from '../shared/engine/merge-state';
import { createModel } from './model';
import { createRequest } from './request';
import { fetchState } from './state-client';
import { createTransport } from './transport';

import type { DebugReport, UiHost, UpshiftApi, Widget, WidgetDeps } from './api';

export type { DebugReport, Explainer, UpshiftApi, Widget, WidgetDeps } from './api';

const TRACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Where the prompt UI stands: not needed yet, on its way, rendering, or unavailable for this page view. */
type UiState = 'idle' | 'loading' | 'ready' | 'failed';

export function createUpshift(deps: WidgetDeps): Widget {
  const warned = new Set<string>();
  const warn = (message: string) => {
    // One warning per distinct problem: a host calling identify on every render must not flood the console.
    if (!warned.has(message)) {
      warned.add(message);
      deps.warn(message);
    }
  };
  /** One warning for what went wrong while doing `what`. */
  const failed = (what: string) => (e: unknown) => warn(`could not ${what}: ${errorText(e)}`);
  const model = createModel(deps.now, failed('decide'));
  const request = createRequest(deps);
  const transport = createTransport({ ...deps, request, warn, token: () => model.context.peek()?.token });
  const saved = localState(deps.storage, deps.key);
  const emitter = createEmitter(failed('run an event handler'));
  /** `Upshift.debug(true)`, or `data-debug` on the script tag: upshift-debug.js then says in the console why each decision is what it is. */
  const logging = signal(!!deps.debug);
  let watching = false;

  loadConfig({ ...deps, request, warn })
    .then(async (config) => {
      // upshift.js leaves the matcher of `matches` conditions to the prompt UI (see useMatcher): a
      // config that has one waits for it before the first decision.
      if (LEAN && config && JSON.stringify(config).includes('"op":"matches"')) {
        const match = (await deps.ui())?.match;
        if (match) useMatcher(match);
      }
      model.config.value = config;
      emitter.emit('ready', { configVersion: config?.version ?? null });
    })
    .catch(failed('apply the config'));

  const base = (ctx: Context) => ({ id: uuidv7(deps.now(), deps.random), at: new Date(deps.now()).toISOString(), userId: ctx.user.id, accountId: ctx.account.id });

  const record = (ctx: Context, name: string, props?: EventProps) => {
    transport.send(props ? { ...base(ctx), type: 'track', name, props } : { ...base(ctx), type: 'track', name });
    model.state.value = saved.count(ctx, model.state.peek(), name, deps.now());
  };

  /** Renders, warning instead of throwing: a broken render must not break the host page. */
  const draw = (fn: () => void) =>
    effect(() => {
      try {
        fn();
      } catch (e) {
        failed('render')(e);
      }
    });

  draw(exposures(model, transport, base));

  let ui: UiState = 'idle';
  /** Gives back to the host a click on a locked feature that was taken over while the UI was on its way, should it never arrive. */
  let replay: (() => void) | undefined;
  /**
   * Fetches the prompt UI, once, the first time a decision needs a surface. Once it has arrived,
   * its render functions run in effects of their own.
   */
  const loadUi = () => {
    if (ui !== 'idle') return;
    ui = 'loading';
    void deps.ui().then((factory) => {
      // Until it has started, the UI is unavailable: a click on a locked feature stays the host's.
      ui = 'failed';
      if (factory) {
        const host: UiHost = { deps, model, request, transport, saved, emitter, base, batch };
        try {
          factory(host).forEach(draw);
          ui = 'ready';
        } catch (e) {
          failed('start the prompt UI')(e);
        }
      }
      if (ui === 'failed') replay?.();
      replay = undefined;
    });
  };
  /**
   * Whether the person's decision needs a surface: a prompt they may see (loaded while their history
   * from other devices is still on its way), an open feature panel, or an inline prompt for a slot on the page.
   */
  const needsUi = () => {
    model.dom.value;
    const d = model.decision.value;
    return (
      model.allowed(d?.prompt) ||
      !!model.panelPrompt.value ||
      !!d?.placed.some((p) => p.surface === 'inline' && model.allowed(p) && deps.query('[data-upshift-slot]').some((el) => el.dataset.upshiftSlot === p.slot))
    );
  };

  const refreshPage = () => {
    const now = deps.page();
    const was = model.page.peek();
    if (now.url !== was?.url || now.title !== was.title) model.page.value = now;
  };
  refreshPage();
  deps.whenReady(() => {
    draw(() => renderBadges(deps, model));
    draw(() => needsUi() && loadUi());
    draw(() => {
      if (logging.value && !watching) {
        watching = true;
        // `?.` twice: an explainer of another release (a stale cache) may hand over something else.
        void deps.explainer().then((x) => x?.watch?.(model, logging, draw, deps.log));
      }
    });
    deps.observe(() => {
      refreshPage();
      model.dom.value++;
    });
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

  const api: Widget = {
    identify(context) {
      const problem = contextError(context);
      if (problem) return warn(`identify ignored: ${problem}`);
      // A host's `en_US` is the BCP 47 tag `en-US`; a locale the server's schema refuses would make it
      // refuse every event and state request carrying it, so it is left out instead.
      const tag = (context.user.locale || deps.locale)?.replace(/_/g, '-');
      const { locale: _given, ...user } = context.user;
      const withLocale: Context = { ...context, user: tag && /^[a-z]{2,3}(-[a-z\d]{1,8})*$/i.test(tag) ? { ...user, locale: tag } : user };
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
        void fetchState(request, withLocale).then((server) => {
          if (mine !== generation) return;
          try {
            if (server) model.state.value = saved.save(withLocale, mergeState(model.state.peek(), server));
          } catch (e) {
            failed('apply the server state')(e);
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
    press(featureId, intercept, again) {
      // Without its UI, Upshift cannot explain anything: the host's own action goes ahead.
      if (!gate(featureId).locked || !intercept || ui === 'failed') return false;
      // The attempt just recorded may have opened a feature-gate prompt: its panel, or an interruptive one.
      model.panel.value = featureId;
      const taken = !!model.panelPrompt.peek() || model.prompt.peek()?.feature?.id === featureId;
      if (!model.panelPrompt.peek()) model.panel.value = null;
      // Taken over before the UI is here (it loads now): the click goes back to the host if the UI never comes.
      if (taken && ui !== 'ready') replay = again;
      return taken;
    },
    // The emitter's and the transport's methods use no `this`: handed over as they are.
    on: emitter.on,
    off: emitter.off,
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
        model.quiet.value = false;
      });
    },
    flush: transport.flush,
    debug: ((on?: boolean) => {
      if (on !== undefined) return void (logging.value = !!on);
      return report();
    }) as UpshiftApi['debug'],
  };

  async function report(): Promise<DebugReport> {
    // Everything the decision on screen was made from, taken before waiting for the explainer.
    const decision = model.decision.peek();
    const config = model.config.peek();
    const ctx = model.onPage.peek();
    const state = model.state.peek();
    const at = model.decidedAt();
    const shown = model.prompt.peek();
    // The same inputs give the same decision: the explainer (which never rejects; null when it
    // cannot load) adds the prompts' words and the reasons' facts and sentences.
    const full = config && ctx && (await deps.explainer())?.explain?.(config, ctx, state, at);
    // Without it (offline, blocked by CSP), each message is the code, and prompts come without words.
    const rules: ExplainedReason[] = full ? full.rules : (decision?.reasons ?? []).map((r) => ({ ...r, message: r.code }));
    const placed: (Picked | Prompt)[] = full ? full.decision.placed : (decision?.placed ?? []);
    return {
      configVersion: config?.version ?? null,
      waitingForServerState: ctx !== null && !model.synced.peek(),
      context: ctx,
      shown: full && shown ? full.decision.prompt : shown,
      placed,
      rules,
    };
  }

  return api;
}
