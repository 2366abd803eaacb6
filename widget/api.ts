import type { GateResult } from '../shared/engine/gate';
import type { ExplainedReason } from '../shared/engine/explain';
import type { Prompt } from '../shared/engine/types';
import type { Config } from '../shared/schemas/config';
import type { Context } from '../shared/schemas/context';
import type { EventProps } from '../shared/schemas/event';
import type { State } from '../shared/schemas/state';
import type { Handler } from './emitter';
import type { KeyValue } from './storage';

// The widget's public API and what it needs from the page: types only, so they cost no bytes.

/** Everything the widget needs from the page, supplied by the entry module (the only one touching `window`). */
export interface WidgetDeps {
  key: string;
  api: string;
  fetch: typeof fetch;
  storage: KeyValue;
  now: () => number;
  random: (bytes: Uint8Array<ArrayBuffer>) => unknown;
  /** Runs `fn` later; the entry makes sure nothing it throws reaches the page. */
  setTimeout: (fn: () => void, ms: number) => unknown;
  warn: (message: string) => void;
  /** Browser language, used when the context names no locale. */
  locale: string | undefined;
  /** Calls `fn` once the document can take the widget's root element. */
  whenReady: (fn: () => void) => void;
  /** The widget's own root element's shadow root, created on first use; null while the page has no body. */
  mount: () => ShadowRoot | null;
  /** The page's elements matching a selector. */
  query: (selector: string) => HTMLElement[];
  /** The shadow root of `parent`'s own `tag` child, created with the widget's stylesheet on first use. */
  attach: (parent: HTMLElement, tag: string) => ShadowRoot;
  /** Calls `fn` whenever the page adds, removes or changes `data-upshift-*` elements. */
  observe: (fn: () => void) => void;
  /** Calls `fn` once, when at least half of `el` has been on screen for a second. */
  visible: (el: HTMLElement, fn: () => void) => void;
  /** `navigator.sendBeacon`, where the browser has it. */
  beacon?: ((url: string, body: string) => boolean) | undefined;
  /** Loads the reason explainer (upshift-debug.js) on first use. */
  explainer: () => Promise<Explain | null>;
}

/** Re-runs the engine with facts and words every reason; delivered by upshift-debug.js. */
export type Explain = (config: Config, context: Context, state: State, now: number) => ExplainedReason[];

/** What `Upshift.debug()` returns: why each rule did or did not show. */
export interface DebugReport {
  configVersion: number | null;
  /** True while the person's history from other devices is still on its way; no prompt shows meanwhile. */
  waitingForServerState: boolean;
  context: Context | null;
  /** The interruptive prompt on screen, if any. */
  shown: Prompt | null;
  /** Inline-slot and feature-panel prompts. */
  placed: Prompt[];
  /** Every rule's decision or first failed check, with a human message. */
  rules: ExplainedReason[];
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
  track(name: string, props?: EventProps): void;
  /** Whether a feature is locked for the current account and which plan unlocks it. @example Upshift.gate('scheduled_reports') */
  gate(featureId: string): GateResult;
  /**
   * Listens to `ready`, `impression`, `click`, `dismiss`, `snooze`, `decline`, `action` or `trial`;
   * returns a function that stops listening. A handler for `action` takes over upgrade, add-on,
   * seat and contact-sales calls to action: Upshift then does not follow the checkout link.
   * @example Upshift.on('action', (a) => a.type === 'upgrade' && openCheckout(a.offer.plan.id))
   */
  on(name: string, handler: Handler): () => void;
  off(name: string, handler: Handler): void;
  /** Forgets the current user (call on logout) and hides any prompt. */
  reset(): void;
  /**
   * Why each rule did or did not show for the current user. Loads the explainer on first use.
   * @example await Upshift.debug()
   */
  debug(): Promise<DebugReport>;
}

/** The widget behind the public API; `flush` is for the entry's page-hide and online handlers, not for hosts. */
export interface Widget extends UpshiftApi {
  /** Sends queued events now; `final` true when the page is going away (by beacon), false when it is back from the back-forward cache. */
  flush(final?: boolean): void;
  /**
   * A click on a `data-upshift-feature` element: records the attempt and, unless the host handles
   * the click itself (`intercept` false), opens the feature's explanation. True when Upshift took
   * the click over and the host's own action must not run.
   */
  press(featureId: string, intercept: boolean): boolean;
}
