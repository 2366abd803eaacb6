import { h, render, type VNode } from 'preact';
import { gate } from '../shared/engine/gate';
import { own } from '../shared/engine/own';
import type { Prompt } from '../shared/engine/types';
import type { Model } from './model';

export interface PlacementDeps {
  now: () => number;
  /** The page's elements matching a selector. */
  query: (selector: string) => HTMLElement[];
  /** The shadow root of `parent`'s own `tag` child, created (with the stylesheet) on first use. */
  attach: (parent: HTMLElement, tag: string) => ShadowRoot;
}

/** A padlock drawn in the text colour: an emoji would depend on the reader's fonts. */
const lock = () =>
  h('svg', { viewBox: '0 0 10 12', width: 8, height: 10, 'aria-hidden': 'true' }, h('path', { d: 'M2 5V3.5a3 3 0 0 1 6 0V5h1v7H1V5zm1.5 0h3V3.5a1.5 1.5 0 0 0-3 0z', fill: 'currentColor' }));

/** Sets the environment's theme (`settings.theme`) as `--upshift-<key>` custom properties on one of our host elements. */
export function applyTheme(host: HTMLElement, model: Model): void {
  const theme = model.config.value?.settings?.theme ?? {};
  for (const [k, v] of Object.entries(theme)) host.style.setProperty(`--upshift-${k}`, String(v));
}

/** Renders `node` into `parent`'s `tag` child, or removes that child when there is nothing to show. */
function place(deps: PlacementDeps, model: Model, parent: HTMLElement, tag: string, node: VNode<any> | null): void {
  if (!node) return parent.querySelector(`:scope>${tag}`)?.remove();
  const root = deps.attach(parent, tag);
  applyTheme(root.host as HTMLElement, model);
  render(node, root);
}

/**
 * What the widget adds to the host's own elements: each `data-upshift-slot` gets the inline prompt
 * for its slot, and each `data-upshift-feature` the account's plan lacks gets a lock badge naming
 * the plan that has it. Run inside an effect: it re-runs when the page's elements, the config, the
 * person or the decision change.
 */
export function renderPlacements(deps: PlacementDeps, model: Model, card: (p: Prompt) => VNode): void {
  model.dom.value;
  const config = model.config.value;
  const ctx = model.context.value;
  const trials = model.state.value.trials;
  const placed = model.placed.value;
  for (const el of deps.query('[data-upshift-slot]')) {
    const p = placed.find((x: Prompt) => x.surface === 'inline' && x.slot === el.dataset.upshiftSlot);
    place(deps, model, el, 'upshift-slot', p ? card(p) : null);
  }
  for (const el of deps.query('[data-upshift-feature]')) {
    const id = el.dataset.upshiftFeature ?? '';
    const g = config && ctx && gate(config, ctx, id, deps.now());
    // A running trial unlocks the feature before the host's plan says so.
    const locked = g && g.locked && !((own(trials, id)?.endsAt ?? 0) > deps.now());
    place(deps, model, el, 'upshift-badge', locked ? h('span', { class: 'lock' }, lock(), g.plan?.name) : null);
  }
}
