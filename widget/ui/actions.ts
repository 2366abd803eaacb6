import { INTERRUPTIVE } from '../../shared/engine/surfaces';
import { own } from '../../shared/engine/own';
import type { OfferType, Prompt } from '../../shared/engine/types';
import type { PromptEvent } from '../../shared/schemas/event';
import type { State } from '../../shared/schemas/state';
import type { UiHost } from '../api';
import type { Actions, Ui } from '../model';
import { record } from './history';

/** Offers whose call to action a host's `on('action')` handler takes over from the checkout link; a trial starts here. */
const HANDLED: Readonly<Record<OfferType, boolean>> = { upgrade: true, addon: true, seats: true, contact_sales: true, trial: false };

/** What the server answers a trial or an admin request. */
interface ActionAnswer {
  error?: { code?: string };
  trial?: { startedAt: string; endsAt: string };
}

/**
 * What each button on a prompt does: events to the server and the host, state for the engine, and
 * the card's outcome. `visible` calls back once at least half of a card has been on screen for a second.
 */
export function createActions({ deps, model, saved, emitter, transport, base, request, batch }: UiHost, visible: (el: HTMLElement, fn: () => void) => void): Actions {
  const promptKey = model.key;
  const setUi = (p: Prompt, ui: Ui) => (model.ui.value = { ...model.ui.value, [promptKey(p)]: ui });
  /**
   * Closes a prompt. One acted on stays hidden for the rest of this page view; one dismissed,
   * snoozed or declined is hidden by the engine from the person's history (a new click on a locked
   * feature may reopen it).
   */
  const hide = (p: Prompt, acted?: boolean) => {
    if (acted) model.acted.value = new Set(model.acted.value).add(promptKey(p));
    if (p.surface === 'panel') model.panel.value = null;
  };
  /** The person turned an interruptive prompt away: no other interrupts them on this page (see the model's `quiet`). */
  const away = (p: Prompt) => {
    if (INTERRUPTIVE[p.surface]) model.quiet.value = true;
    hide(p);
  };
  /** The prompt as the funnel breaks it down (arm, tier, surface, locale): on its events, and on the trials and admin requests it starts. */
  const origin = (p: Prompt, locale: string | undefined) => ({ ruleId: p.ruleId, surface: p.surface, ...(p.tier && { tier: p.tier }), ...(p.variant && { variant: p.variant }), ...(locale && { locale }) });
  /**
   * Records what the person did: in their history (for the engine), to the server, and to the host's
   * handlers. The server's funnel breaks prompts down by the person's locale, and counts a click
   * whose `props` say `action: 'checkout'` as an action too.
   */
  const send = (p: Prompt, type: PromptEvent['type'] | 'decline', extra: Record<string, string> = {}, now = false, props?: { action: 'checkout' }) => {
    const ctx = model.context.peek();
    if (!ctx) return;
    if (type !== 'impression') impress(p);
    const e = { ...base(ctx), type, ...origin(p, ctx.user.locale), configVersion: p.configVersion, ...(props && { props }), ...extra };
    transport.send(e as PromptEvent, now);
    model.state.value = record(saved, ctx, model.state.peek(), p, type === 'decline' ? 'dismiss' : type, deps.now());
    emitter.emit(type, { ...about(p), ...extra });
  };
  /** What the host's handlers hear about a prompt. */
  const about = ({ ruleId, tier, variant, surface, offer }: Prompt) => ({ ruleId, tier, variant, surface, offer });
  /**
   * Whether each prompt instance's impression was counted yet: false from the moment its card mounts
   * (a prompt that comes back is a new instance) until it has been seen, or acted on, which proves it was.
   */
  const counted = new Map<string, boolean>();
  const instance = (p: Prompt) => `${model.context.peek()?.user.id}:${promptKey(p)}:${p.configVersion}`;
  const impress = (p: Prompt) => {
    if (counted.get(instance(p)) === false) {
      counted.set(instance(p), true);
      send(p, 'impression');
    }
  };
  /** POSTs to one of the widget's own endpoints; resolves with the status (0 when unreachable) and the JSON answer. */
  const post = async (path: string, body: object): Promise<[number, ActionAnswer | null]> => {
    const res = await request(path, { body: JSON.stringify(body), token: model.context.peek()?.token });
    return [res?.status ?? 0, await res?.json().catch(() => null)];
  };

  return {
    async go(p, e, ask) {
      const ctx = model.context.peek();
      if (!ctx) return;
      const o = p.offer;
      const type = ask ? 'request_admin' : o.type;
      // An upgrade, add-on or seats call to action opens the checkout (the host's or the catalog's link).
      send(p, 'click', {}, true, !ask && type !== 'trial' && type !== 'contact_sales' ? { action: 'checkout' } : undefined);
      const handled = emitter.emit('action', { type, ...about(p) });
      if (!ask && type !== 'trial') {
        // The host's handler runs its own checkout; without one, the link goes to the catalog's.
        if (HANDLED[o.type] && handled) e.preventDefault();
        return hide(p, true);
      }
      setUi(p, { mode: 'busy' });
      const who = { userId: ctx.user.id, accountId: ctx.account.id, ...origin(p, ctx.user.locale) };
      const [status, answer] = ask
        ? await post('admin-requests', ctx.user.role ? { ...who, role: ctx.user.role } : who)
        : await post('trials', { ...who, feature: o.id });
      const ok = status > 199 && status < 300;
      const trial = ok ? answer?.trial : undefined;
      if (trial) emitter.emit('trial', { feature: o.id, ...trial });
      setUi(p, {
        ok,
        ...(trial && { trial: { startedAt: Date.parse(trial.startedAt), endsAt: Date.parse(trial.endsAt) } }),
        msg: ask ? [ok ? 'asked' : 'failed'] : ok ? ['unlocked', o.name ?? '', o.days ?? 0] : answer?.error?.code === 'trial_used' ? ['used', o.name ?? ''] : ['failed'],
      });
    },
    // Each in one batch: the engine moves on to the next prompt only once this one is put away, so
    // nothing it would hold back renders even for a moment (and takes focus, or makes the page inert).
    later: (p) =>
      batch(() => {
        send(p, 'snooze');
        away(p);
      }),
    no(p, reason, note) {
      const text = note?.trim();
      if (reason === 'other' && !text) return;
      batch(() => {
        send(p, 'decline', text ? { reason, note: text } : { reason });
        away(p);
      });
    },
    close: (p) =>
      batch(() => {
        const ui = own(model.ui.peek(), promptKey(p));
        // Closing an outcome is not a dismissal of the offer.
        if (!ui?.ok) send(p, 'dismiss');
        if (ui?.trial) {
          // The trial runs now: the engine stops offering it and the feature's badge goes. (Not
          // before the close: the card shows the outcome until then.)
          const state: State = model.state.peek();
          model.state.value = { ...state, trials: { ...state.trials, [p.offer.id!]: ui.trial } };
        }
        if (ui?.ok) hide(p, true);
        else away(p);
      }),
    mode: (p, mode) => setUi(p, mode ? { mode } : {}),
    seen(el, p) {
      counted.set(instance(p), false);
      visible(el, () => el.isConnected && impress(p));
    },
  };
}
