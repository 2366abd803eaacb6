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
  /** The shadow root to render into, created on first use; null while the page has no body. */
  mount: () => ShadowRoot | null;
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
  /** Listens to `ready`, `impression`, `click` or `dismiss`; returns a function that stops listening. */
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

/** The widget behind the public API; `flush` is for the entry's page-hide handler, not for hosts. */
export interface Widget extends UpshiftApi {
  flush(): void;
}
