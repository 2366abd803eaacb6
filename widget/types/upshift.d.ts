// Upshift embed API: the types of `window.Upshift`, for TypeScript apps that embed upshift.js.
//
// Served at https://UPSHIFT_HOST/upshift.d.ts. Save it anywhere your tsconfig includes:
//   curl -o src/upshift.d.ts https://UPSHIFT_HOST/upshift.d.ts
// No import is needed: `Upshift.identify(...)` and `window.Upshift` are typed, and the types are
// named `Upshift.Context`, `Upshift.GateResult`, `Upshift.Events['trial']` and so on.
// It has no imports and declares only globals; it matches the upshift.js served next to it.

declare namespace Upshift {
  /** Host attributes: scalar values, at most 100 keys. */
  type Traits = Record<string, string | number | boolean | null>;

  /** Metric readings or limits keyed by metric id, e.g. `{ api_calls: 7200 }`; non-negative numbers. */
  type MetricValues = Record<string, number>;

  /**
   * Who is here and where their account stands: what `Upshift.identify` takes. Ids from your
   * catalog (plans, metrics, add-ons) are 1-64 letters, digits, "_", ".", ":" or "-"; dates are
   * ISO 8601 (`2026-03-02T10:00:00Z`, or `2026-11-15` for midnight UTC).
   */
  interface Context {
    user: {
      id: string;
      /** Buyer roles (by default `owner`, `admin`, `billing`) see offers; others see "Ask your admin". */
      role?: string | undefined;
      /** BCP 47 tag such as `de-CH`; the browser's language when absent. */
      locale?: string | undefined;
      traits?: Traits | undefined;
    };
    account: {
      id: string;
      /** A plan id from your Upshift catalog. */
      plan: string;
      createdAt?: string | undefined;
      /** Start of the current or any earlier billing period; periods repeat monthly from it. Calendar months when absent. */
      periodStart?: string | undefined;
      traits?: Traits | undefined;
      /** 0-100 customer health score from your CS tooling. */
      health?: number | undefined;
      /** Open support tickets; any open ticket holds prompts back by default. */
      openTickets?: number | undefined;
      /** Add-on ids the account owns. */
      addons?: string[] | undefined;
    };
    /** The page the person is on: the widget reads it from the browser (and follows single-page navigation), so what you pass here is replaced. */
    page?:
      | {
          path?: string | undefined;
          url?: string | undefined;
          title?: string | undefined;
        }
      | undefined;
    /** Current readings this billing period. */
    usage?: MetricValues | undefined;
    /** Overrides the plan's limits from the catalog, e.g. for negotiated contracts. */
    limits?: MetricValues | undefined;
    /** Identity token signed by your backend (see the README's Identity verification). */
    token?: string | undefined;
  }

  /** Extra scalar details of a tracked event: at most 50 keys. */
  type EventProps = Record<string, string | number | boolean | null>;

  /** What `Upshift.gate(featureId)` answers. */
  interface GateResult {
    /** True when the catalog knows the feature and neither the account's plan nor its add-ons include it. */
    locked: boolean;
    /** The plan to offer: the next step if it includes the feature, else the first plan that does. */
    plan: { id: string; name: string } | null;
  }

  type Surface = 'banner' | 'toast' | 'modal' | 'inline' | 'panel';
  type OfferType = 'upgrade' | 'addon' | 'seats' | 'trial' | 'contact_sales';
  type DeclineReason = 'budget' | 'timing' | 'fit' | 'other';

  /** What a prompt offers. */
  interface Offer {
    type: OfferType;
    /** The plan, add-on or feature offered. */
    id?: string;
    name?: string;
    /** The plan an upgrade leads to, or that includes a trialled feature. */
    plan?: { id: string; name: string };
    /** Trial length in days. */
    days?: number;
    /** Checkout or sales link with `upshift_rule`, `upshift_variant` and `upshift_tier` appended. */
    href?: string;
  }

  /** Which prompt an event is about. */
  interface PromptEvent {
    ruleId: string;
    /** The ladder tier, for prompts that have tiers. */
    tier?: string;
    /** The experiment variant. */
    variant?: string;
    surface: Surface;
    offer: Offer;
  }

  /** "No thanks, because…": `note` is the person's own words, always there when `reason` is `other`. */
  interface DeclineEvent extends PromptEvent {
    reason: DeclineReason;
    note?: string;
  }

  /** A call to action: `request_admin` when someone who cannot buy asked their admin. */
  interface ActionEvent extends PromptEvent {
    type: OfferType | 'request_admin';
  }

  /** A trial that just started; the times are ISO 8601. */
  interface TrialEvent {
    feature: string;
    startedAt: string;
    endsAt: string;
  }

  /** What each event hands its `on` handlers. */
  interface Events {
    /** The config has loaded; `configVersion` is null when none could be. */
    ready: { configVersion: number | null };
    impression: PromptEvent;
    click: PromptEvent;
    dismiss: PromptEvent;
    /** "Remind me later". */
    snooze: PromptEvent;
    decline: DeclineEvent;
    action: ActionEvent;
    trial: TrialEvent;
  }

  type EventName = keyof Events;

  /** Machine codes for why a rule did or did not show. Stable: dashboards and tests may key on them. */
  type ReasonCode =
    | 'shown'
    | 'rule.inactive'
    | 'rule.invalid'
    | 'schedule.not_started'
    | 'schedule.ended'
    | 'trigger.unsupported'
    | 'offer.unknown_plan'
    | 'offer.unknown_addon'
    | 'offer.unknown_feature'
    | 'offer.no_next_step'
    | 'offer.current_plan'
    | 'guard.owned'
    | 'guard.trial_running'
    | 'guard.trial_used'
    | 'audience.miss'
    | 'guard.account_too_new'
    | 'guard.unhealthy'
    | 'guard.open_tickets'
    | 'guard.contracting'
    | 'usage.no_reading'
    | 'usage.no_limit'
    | 'usage.below_threshold'
    | 'tier.dismissed'
    | 'feature.not_locked'
    | 'feature.no_attempt'
    | 'feature.dismissed'
    | 'event.below_count'
    | 'milestone.not_reached'
    | 'milestone.done'
    | 'forecast.none'
    | 'forecast.too_far'
    | 'frequency.snoozed'
    | 'frequency.cooldown'
    | 'frequency.capped'
    | 'experiment.holdout'
    | 'experiment.global_holdout'
    | 'budget.exhausted'
    | 'arbitration.outranked';

  /** One rule's outcome, worded: shown, or the first check it failed. */
  interface Reason {
    ruleId: string;
    code: ReasonCode;
    /** The facts behind the reason: numbers, ids, ISO dates. */
    params?: Readonly<Record<string, string | number | boolean | null>>;
    /** The ladder tier the rule reached, when it reached one. */
    tier?: string;
    /** The experiment variant the account is in, once the rule got that far. */
    variant?: string;
    /** e.g. `account is 12 days old; this rule waits 90 days`; the code itself when upshift-debug.js could not load. */
    message: string;
  }

  /** A decided prompt: what shows where, before its words. */
  interface DecidedPrompt {
    ruleId: string;
    tier?: string;
    variant?: string;
    surface: Surface;
    /** The inline slot, for inline prompts. */
    slot?: string;
    /** The catalog's feature a feature-gate or trial prompt is about. */
    feature?: {
      id: string;
      name: string;
      description?: string | undefined;
      quote?: string | undefined;
      /** Name, description and quote per locale; a rendered prompt's feature is already in the reader's language. */
      locales?: Record<string, { name: string; description?: string | undefined; quote?: string | undefined }> | undefined;
      /** The trial length the console suggests for this feature. */
      trialDays?: number | undefined;
    };
    configVersion: number;
    /** The person asked for it (tried the locked feature it explains). */
    asked?: true;
  }

  /** A prompt as the widget renders it: the decided prompt with its words. */
  interface Prompt extends DecidedPrompt {
    tone: 'inform' | 'recommend' | 'urgent';
    /** Where a banner sits. Banners only. */
    position?: 'top' | 'bottom';
    content: { title: string; body: string; cta: string };
    offer: Offer;
    /** The metric a usage or forecast prompt is about; `limit` and `percent` only when the account has a limit. */
    metric?: { id: string; name: string; usage: number; limit?: number; percent?: number; /** What the meter counts in, in the reader's language, when it is not `name`. */ unit?: string };
  }

  /** What `await Upshift.debug()` answers: why each rule did or did not show. */
  interface DebugReport {
    configVersion: number | null;
    /** True while the person's history from other devices is still on its way; no prompt shows meanwhile. */
    waitingForServerState: boolean;
    context: Context | null;
    /** The interruptive prompt (banner, toast or modal) on screen, if any: a `Prompt`, with its words, once upshift-debug.js has loaded. */
    shown: DecidedPrompt | Prompt | null;
    /** Inline-slot and feature-panel prompts, likewise. */
    placed: (DecidedPrompt | Prompt)[];
    rules: Reason[];
  }

  /** `window.Upshift`. Through the loader stub, calls made before upshift.js loads are queued and replayed. */
  interface Api {
    /**
     * Tells Upshift who is here and where their account stands; call again when usage changes or the user navigates.
     * @example Upshift.identify({ user: { id: 'u_1' }, account: { id: 'a_1', plan: 'starter' }, usage: { api_calls: 7200 } })
     */
    identify(context: Context): void;
    /**
     * Records a product event for triggers and funnels; names starting with `upshift:` are reserved.
     * @example Upshift.track('report_exported', { format: 'pdf' })
     */
    track(name: string, props?: EventProps): void;
    /**
     * Whether a feature is locked for the account and which plan unlocks it; a locked answer counts as an attempt.
     * Only answers once upshift.js has loaded (the loader stub returns undefined): call it from `on('ready')` at startup.
     * @example const { locked, plan } = Upshift.gate('scheduled_reports')
     */
    gate(featureId: string): GateResult;
    /**
     * Calls `handler` on each `name` event; returns a function that stops listening. An `action`
     * handler takes over upgrade, add-on, seat and contact-sales clicks from the checkout link.
     * @example Upshift.on('action', (a) => a.type === 'upgrade' && openCheckout(a.offer.plan?.id))
     */
    on<E extends EventName>(name: E, handler: (payload: Events[E]) => void): () => void;
    /**
     * Stops calling a handler that `on` registered.
     * @example Upshift.off('trial', onTrial)
     */
    off<E extends EventName>(name: E, handler: (payload: Events[E]) => void): void;
    /**
     * Forgets the current user and hides any prompt; call it on logout.
     * @example Upshift.reset()
     */
    reset(): void;
    /**
     * Why each rule did or did not show for the current user; loads upshift-debug.js on first use.
     * Only answers once upshift.js has loaded (the loader stub returns undefined).
     * @example console.table((await Upshift.debug()).rules)
     */
    debug(): Promise<DebugReport>;
    /**
     * Turns explanations in the console on (`true`) or off (`false`).
     * @example Upshift.debug(true)
     */
    debug(on: boolean): void;
  }
}

interface Window {
  Upshift: Upshift.Api;
}

/** The Upshift embed API; see `Upshift.Api`. */
declare var Upshift: Upshift.Api;
