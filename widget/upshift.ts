import { effect } from '@preact/signals';
import { h, render } from 'preact';
import type { Prompt, Reason } from '../shared/engine/types';
import { uuidv7 } from '../shared/ids';
import type { Context } from '../shared/schemas/context';
import type { Event, PromptEvent, TrackEvent } from '../shared/schemas/event';
import type { State } from '../shared/schemas/state';
import { loadConfig } from './config-client';
import { contextError } from './guards';
import { createModel, promptKey } from './model';
import { readJson, writeJson, type KeyValue } from './storage';
import { Root } from './surfaces/Root';
import { createTransport } from './transport';

/** Everything the widget needs from the page, supplied by the entry module (the only one touching `window`). */
export interface WidgetDeps {
  key: string;
  api: string;
  fetch: typeof fetch;
  storage: KeyValue;
  now: () => number;
  random: (bytes: Uint8Array<ArrayBuffer>) => unknown;
  setTimeout: (fn: () => void, ms: number) => unknown;
  warn: (message: string) => void;
  /** Browser language, used when the context names no locale. */
  locale: string | undefined;
  /** The shadow root to render into, created on first use. */
  mount: () => ShadowRoot | null;
}

export type TrackProps = Record<string, string | number | boolean | null>;

/** What `Upshift.debug()` returns: why each rule did or did not show. */
export interface DebugReport {
  configVersion: number | null;
  context: Context | null;
  shown: Prompt | null;
  rules: Reason[];
}

/** The public API behind `window.Upshift`. */
export interface UpshiftApi {
  /**
   * Tells Upshift who is here and where their account stands. Call again whenever usage changes
   * or the user navigates; prompts update in place.
   * @example Upshift.identify({ user: { id: 'u_1' }, account: { id: 'a_1', plan: 'starter' }, usage: { api_calls: 7200 } })
   */
  identify(context: Context): void;
  /** Records a product event for triggers and funnels. @example Upshift.track('report_exported', { format: 'pdf' }) */
  track(name: string, props?: TrackProps): void;
  /** Forgets the current user (call on logout) and hides any prompt. */
  reset(): void;
  /** Why each rule did or did not show for the current user. */
  debug(): DebugReport;
}

const TRACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const isState = (x: unknown): x is State => typeof x === 'object' && x !== null && typeof (x as State).rules === 'object' && (x as State).rules !== null;

/** The widget behind the public API; `flush` is for the entry's page-hide handler, not for hosts. */
export interface Widget extends UpshiftApi {
  flush(): void;
}

export function createUpshift(deps: WidgetDeps): Widget {
  const warned = new Set<string>();
  const warn = (message: string) => {
    // One warning per distinct problem: a host calling identify on every render must not flood the console.
    if (!warned.has(message)) {
      warned.add(message);
      deps.warn(`[upshift] ${message}`);
    }
  };
  const model = createModel(deps.now, (e) => warn(`engine error: ${e instanceof Error ? e.message : String(e)}`));
  const transport = createTransport({ ...deps, warn });
  const stateKey = (ctx: Context) => `upshift:${deps.key}:state:${ctx.account.id}:${ctx.user.id}`;

  void loadConfig({ ...deps, warn, timeoutMs: 5000 }).then((config) => {
    model.config.value = config;
  });

  const base = (ctx: Context) => ({ id: uuidv7(deps.now(), deps.random), at: new Date(deps.now()).toISOString(), userId: ctx.user.id, accountId: ctx.account.id });

  const promptEvent = (type: PromptEvent['type'], p: Prompt, now = false) => {
    const ctx = model.context.peek();
    if (!ctx) return;
    const event: Event = { ...base(ctx), type, ruleId: p.ruleId, tier: p.tier, surface: p.surface, configVersion: p.configVersion };
    transport.send(event, now);
  };

  let mounted = false;
  const mountOnce = () => {
    if (mounted) return;
    const root = deps.mount();
    if (!root) return;
    mounted = true;
    render(
      h(Root, {
        model,
        onCta: (p: Prompt) => {
          promptEvent('click', p, true);
          model.acted.value = new Set(model.acted.value).add(promptKey(p));
        },
        onDismiss: (p: Prompt) => {
          const ctx = model.context.peek();
          if (!ctx) return;
          const current = model.state.peek();
          const rule = current.rules[p.ruleId] ?? {};
          const next: State = { rules: { ...current.rules, [p.ruleId]: { ...rule, dismissed: { ...rule.dismissed, [p.tier]: deps.now() } } } };
          model.state.value = next;
          writeJson(deps.storage, stateKey(ctx), next);
          promptEvent('dismiss', p);
        },
      }),
      root,
    );
  };

  // One impression per prompt instance per page view.
  let lastShown = '';
  effect(() => {
    const p = model.prompt.value;
    if (!p) return;
    const key = `${promptKey(p)}:${p.configVersion}`;
    if (key === lastShown) return;
    lastShown = key;
    mountOnce();
    promptEvent('impression', p);
  });

  return {
    identify(context) {
      const problem = contextError(context);
      if (problem) return warn(`identify ignored: ${problem}`);
      const withLocale: Context = context.user.locale || !deps.locale ? context : { ...context, user: { ...context.user, locale: deps.locale } };
      const previous = model.context.peek();
      if (!previous || stateKey(previous) !== stateKey(withLocale)) {
        model.state.value = readJson(deps.storage, stateKey(withLocale), isState) ?? { rules: {} };
      }
      model.context.value = withLocale;
    },
    track(name, props) {
      const ctx = model.context.peek();
      if (!ctx) return warn('track ignored: call identify first');
      if (typeof name !== 'string' || !TRACK_NAME.test(name)) return warn(`track ignored: invalid event name ${JSON.stringify(name)}`);
      const event: TrackEvent = props ? { ...base(ctx), type: 'track', name, props } : { ...base(ctx), type: 'track', name };
      transport.send(event);
    },
    reset() {
      transport.flush();
      model.context.value = null;
      model.state.value = { rules: {} };
      lastShown = '';
    },
    flush: () => transport.flush(),
    debug() {
      const decision = model.decision.peek();
      return {
        configVersion: model.config.peek()?.version ?? null,
        context: model.context.peek(),
        shown: model.prompt.peek(),
        rules: decision?.reasons ?? [],
      };
    },
  };
}
