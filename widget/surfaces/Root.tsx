/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { Fragment, h } from 'preact';
import { DEFAULT_BUYER_ROLES } from '../../shared/constants';
import { numberFormat } from '../../shared/engine/format';
import type { Prompt } from '../../shared/engine/types';
import { stringsFor, type Strings } from '../i18n';
import { promptKey, type Model } from '../model';
import { Card, type Actions } from './Card';
import { Modal } from './Modal';

const PAID = ['upgrade', 'addon', 'seats'];

/**
 * Renders prompts as cards for the current person: their language, their number format, and,
 * when their role cannot buy, "Ask your admin" instead of a purchase.
 */
export function cardsFor(model: Model, a: Actions) {
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
  // One card element per prompt instance: the same prompt for another person, or from another config, is a new one.
  const who = ctx ? `${ctx.account.id}:${ctx.user.id}:` : '';
  return (p: Prompt, modal?: boolean) => (
    <Card key={`${who}${promptKey(p)}:${p.configVersion}`} p={p} s={s!} ui={ui[promptKey(p)] ?? {}} ask={!!role && !buyers.includes(role) && PAID.includes(p.offer.type)} num={num} a={a} modal={modal} />
  );
}

/**
 * Everything the widget renders in its own root: the interruptive prompt (banner, toast or modal)
 * and an open feature panel. The live regions exist before any prompt does, so screen readers
 * announce banners and toasts when they appear: politely, except for the urgent tier.
 */
export function Root({ model, a }: { model: Model; a: Actions }) {
  const card = cardsFor(model, a);
  const p = model.prompt.value;
  const panel = model.panelPrompt.value;
  const announce = p && p.surface !== 'modal' ? `${p.content.title}. ${p.content.body}` : '';
  const urgent = p?.tone === 'urgent';
  return (
    <>
      {p && (p.surface === 'modal' ? <Modal close={() => a.close(p)}>{card(p, true)}</Modal> : card(p))}
      {panel && <Modal close={() => a.close(panel)}>{card(panel, true)}</Modal>}
      <div class="sr" role="status" aria-live="polite">
        {urgent ? '' : announce}
      </div>
      <div class="sr" role="alert" aria-live="assertive">
        {urgent ? announce : ''}
      </div>
    </>
  );
}
