import type { Matcher } from '../shared/engine/condition';
import type { GateResult } from '../shared/engine/gate';
import type { ExplainedReason } from '../shared/engine/explain';
import type { ReadonlySignal } from './signals';
import type { Decision, Picked, Prompt } from '../shared/engine/types';
import type { Config } from '../shared/schemas/config';
import type { Context } from '../shared/schemas/context';
import type { EventProps } from '../shared/schemas/event';
import type { State } from '../shared/schemas/state';
import type { Emitter, Handler } from './emitter';
import type { LocalState } from './local-state';
import type { Model, Page } from './model';
import type { Request } from './request';
import type { KeyValue } from './storage';
import type { FlushWhen, Transport } from './transport';

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
  /** The page's elements matching a selector. */
  query: (selector: string) => HTMLElement[];
  /** The shadow root of `parent`'s own `tag` child, created with `css` adopted on first use. */
  attach: (parent: HTMLElement, tag: string, css: string) => ShadowRoot;
  /** Where the person is now. */
  page: () => Page;
  /**
   * Calls `fn` whenever the page changes in a way the widget reads: `data-upshift-*` elements added,
   * removed or changed, the title, or the URL (history navigation in a single-page app).
   */
  observe: (fn: () => void) => void;
  /** `navigator.sendBeacon`, where the browser has it. */
  beacon?: ((url: string, body: string) => boolean) | undefined;
  /** Loads the reason explainer (upshift-debug.js) on first use. */
  explainer: () => Promise<Explainer | null>;
  /** Loads the prompt UI (upshift-ui.js) on first use; null (after one warning) when it cannot. */
  ui: () => Promise<UiFactory | null>;
  /** Writes a line to the console for `Upshift.debug(true)`. */
  log: (message: string) => void;
  /** Whether the script tag asks for debug output (`data-debug`). */
  debug?: boolean | undefined;
}

/** What upshift-debug.js hands the widget. */
export interface Explainer {
  /** Re-runs the whole engine on the same inputs: the same decision, with its prompts worded and every reason's facts in words. */
  explain: (config: Config, context: Context, state: State, now: number) => { decision: Decision; rules: ExplainedReason[] };
  /**
   * For `Upshift.debug(true)`: while `on` holds, prints (with `log`) what each new decision shows
   * and why each rule does or does not, with a hint where a reason silently holds prompts back
   * while testing. `draw` runs a function in an effect of the core's signals.
   */
  watch: (model: Model, on: ReadonlySignal<boolean>, draw: (fn: () => void) => void, log: (message: string) => void) => void;
}

/** What the core hands the prompt UI: what it renders from, and what it acts through. */
export interface UiHost {
  deps: WidgetDeps;
  model: Model;
  request: Request;
  transport: Transport;
  saved: LocalState;
  emitter: Emitter;
  /** A new event's id, time and person. */
  base: (ctx: Context) => { id: string; at: string; userId: string; accountId: string };
  /** Makes several changes to the model at once: effects run after the last. */
  batch: <T>(fn: () => T) => T;
}

/** upshift-ui.js: given the core, the render functions the core runs inside its effects (each re-runs when what it read changes). */
export type UiFactory = ((host: UiHost) => (() => void)[]) & {
  /** The linear-time matcher of `matches` conditions, which upshift.js does not carry (see `useMatcher`). */
  match?: Matcher;
};

/** What `Upshift.debug()` returns: why each rule did or did not show. */
export interface DebugReport {
  configVersion: number | null;
  /** True while the person's history from other devices is still on its way; no prompt shows meanwhile. */
  waitingForServerState: boolean;
  context: Context | null;
  /** The interruptive prompt on screen, if any: with its words (`content`, `offer`, `metric`) once upshift-debug.js has loaded. */
  shown: Picked | Prompt | null;
  /** Inline-slot and feature-panel prompts, likewise. */
  placed: (Picked | Prompt)[];
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
  /**
   * Turns console output on (or off): once per decision, what shows, or why nothing does.
   * @example Upshift.debug(true)
   */
  debug(on: boolean): void;
}

/** The widget behind the public API; `flush` is for the entry's page-hide and online handlers, not for hosts. */
export interface Widget extends UpshiftApi {
  /** Sends queued events now (see `Transport.flush`). */
  flush(when: FlushWhen): void;
  /**
   * A click on a `data-upshift-feature` element: records the attempt and, unless the host handles
   * the click itself (`intercept` false), opens the feature's explanation. True when Upshift took
   * the click over and the host's own action must not run; should the prompt UI then fail to
   * arrive, `again` gives the click back (it clicks the element once more, which Upshift lets through).
   */
  press(featureId: string, intercept: boolean, again: () => void): boolean;
}
