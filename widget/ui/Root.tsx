/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { Fragment, h } from 'preact';
import { DEFAULT_BUYER_ROLES } from '../../shared/constants';
import { numberFormat } from '../../shared/engine/format';
import { render } from '../../shared/engine/render';
import type { OfferType, Picked, Prompt } from '../../shared/engine/types';
import type { Actions, Model } from '../model';
import { Card } from './Card';
import { stringsFor, type Strings } from './i18n';
import { Keep, Modal } from './Modal';

/** Offers that cost money, which a person whose role cannot buy asks an admin for instead. */
const PAID: Readonly<Record<OfferType, boolean>> = { upgrade: true, addon: true, seats: true, trial: false, contact_sales: false };

/** What rendering cards reads of the widget's model (the console's live preview passes its own). */
export type CardModel = Pick<Model, 'context' | 'config' | 'ui' | 'key'>;

/**
 * Renders prompts as cards for the current person: their language, their number format, and,
 * when their role cannot buy, "Ask your admin" instead of a purchase.
 */
export function cardsFor(model: CardModel, a: Actions) {
  const ctx = model.context.value;
  const locale = ctx?.user.locale;
  const config = model.config.value;
  // Before the config (which carries the strings) has loaded there is nothing to render anyway.
  const s = config && stringsFor(config.strings as Record<string, Strings>, locale);
  const format = numberFormat(locale);
  const num = (n: number) => format.format(n);
  const role = ctx?.user.role;
  const buyers: readonly string[] = config?.settings?.buyerRoles ?? DEFAULT_BUYER_ROLES;
  const ui = model.ui.value;
  const promptKey = model.key;
  // One card element per prompt instance: the same prompt for another person, or from another config, is a new one.
  const who = ctx ? `${ctx.account.id}:${ctx.user.id}:` : '';
  return (p: Prompt, modal?: boolean) => (
    <Card key={`${who}${promptKey(p)}:${p.configVersion}`} p={p} s={s!} ui={ui[promptKey(p)] ?? {}} ask={!!role && !buyers.includes(role) && PAID[p.offer.type]} num={num} a={a} modal={modal} />
  );
}

/**
 * Everything the widget renders in its own root: the interruptive prompt (banner, toast or modal)
 * and an open feature panel. The live regions exist before any prompt does, so screen readers
 * announce banners and toasts when they appear: politely, except for the urgent tier.
 */
export function Root({ model, a }: { model: Model; a: Actions }) {
  const card = cardsFor(model, a);
  const promptKey = model.key;
  // The decision places prompts; their words are made here, once per decided prompt.
  const word = (q: Picked | null) => q && render(q, model.words(q));
  const p = word(model.prompt.value);
  const panel = word(model.panelPrompt.value);
  const announce = p && p.surface !== 'modal' ? `${p.content.title}. ${p.content.body}` : '';
  const urgent = p?.tone === 'urgent';
  // Each dialog under its prompt's key: one that replaces another mounts anew and takes focus.
  const dialog = (q: Prompt) => (
    <Modal key={promptKey(q)} close={() => a.close(q)}>
      {card(q, true)}
    </Modal>
  );
  return (
    <>
      {p && (p.surface === 'modal' ? dialog(p) : <Keep key={promptKey(p)}>{card(p)}</Keep>)}
      {panel && dialog(panel)}
      <div class="sr" role="status" aria-live="polite">
        {urgent ? '' : announce}
      </div>
      <div class="sr" role="alert" aria-live="assertive">
        {urgent ? announce : ''}
      </div>
    </>
  );
}
