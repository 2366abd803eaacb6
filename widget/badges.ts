import { gate } from '../shared/engine/gate';
import { own } from '../shared/engine/own';
import type { Model } from './model';

export interface BadgeDeps {
  now: () => number;
  query: (selector: string) => HTMLElement[];
  attach: (parent: HTMLElement, tag: string, css: string) => ShadowRoot;
}

/**
 * A badge's own stylesheet, in its own shadow root: a few lines, so badges never wait for the
 * prompt UI. Reset like every widget host (see ui/styles.ts); dark colours keep AA contrast.
 */
const CSS =
  ':host{all:initial!important}.lock{display:inline-flex;gap:3px;align-items:center;margin-left:6px;padding:1px 6px;border-radius:9px;background:#f2f4f7;color:#344054;font:600 11px/1.6 system-ui,sans-serif}@media (prefers-color-scheme:dark){.lock{background:#344054;color:#f2f4f7}}';

/** A padlock drawn in the text colour (an emoji would depend on the reader's fonts); static markup, no marketer text. */
const LOCK = '<svg viewBox="0 0 10 12" width="8" height="10" aria-hidden="true"><path d="M2 5V3.5a3 3 0 0 1 6 0V5h1v7H1V5zm1.5 0h3V3.5a1.5 1.5 0 0 0-3 0z" fill="currentColor"/></svg>';

/**
 * Gives each `data-upshift-feature` element the account's plan lacks a lock badge naming the plan
 * that has it, in plain DOM (no prompt UI needed), and removes it once the feature is unlocked (by
 * the plan, an add-on, or a running trial). Run inside an effect: it re-runs when the page's
 * elements, the config, the person or their trials change.
 */
export function renderBadges(deps: BadgeDeps, model: Model): void {
  model.dom.value;
  const config = model.config.value;
  const ctx = model.context.value;
  const trials = model.state.value.trials;
  for (const el of deps.query('[data-upshift-feature]')) {
    const id = el.dataset.upshiftFeature ?? '';
    const g = config && ctx && gate(config, ctx, id, deps.now());
    // A running trial unlocks the feature before the host's plan says so.
    if (!g?.locked || (own(trials, id)?.endsAt ?? 0) > deps.now()) {
      el.querySelector(':scope>upshift-badge')?.remove();
      continue;
    }
    const root = deps.attach(el, 'upshift-badge', CSS);
    const name = g.plan?.name ?? '';
    let badge = root.querySelector('span');
    if (badge?.textContent === name) continue;
    badge ??= root.appendChild(root.ownerDocument.createElement('span'));
    badge.className = 'lock';
    badge.innerHTML = LOCK;
    // The plan's name is the catalog's text: a text node, never markup.
    badge.append(name);
  }
}
