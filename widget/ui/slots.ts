import { h, render as paint, type VNode } from 'preact';
import { render } from '../../shared/engine/render';
import type { Prompt } from '../../shared/engine/types';
import type { Model } from '../model';
import { Keep } from './Modal';
import { styles } from './styles';

export interface SlotDeps {
  query: (selector: string) => HTMLElement[];
  attach: (parent: HTMLElement, tag: string, css: string) => ShadowRoot;
}

/** Sets the environment's theme (`settings.theme`) as `--upshift-<key>` custom properties on one of our host elements. */
export function applyTheme(host: HTMLElement, model: Pick<Model, 'config'>): void {
  const theme = model.config.value?.settings?.theme ?? {};
  for (const [k, v] of Object.entries(theme)) host.style.setProperty(`--upshift-${k}`, String(v));
}

/**
 * Each `data-upshift-slot` gets the inline prompt for its slot in an `<upshift-slot>` child of its
 * own, which goes when there is nothing to show. Run inside an effect: it re-runs when the page's
 * elements, the config, the person or the decision change.
 */
export function renderSlots(deps: SlotDeps, model: Model, card: (p: Prompt) => VNode): void {
  model.dom.value;
  const placed = model.placed.value;
  for (const el of deps.query('[data-upshift-slot]')) {
    const picked = placed.find((x) => x.surface === 'inline' && x.slot === el.dataset.upshiftSlot);
    const p = picked && render(picked, model.words(picked));
    if (!p) {
      const gone = el.querySelector(':scope>upshift-slot');
      // Unmounted before it goes, so the card can give focus back (see Keep).
      if (gone?.shadowRoot) paint(null, gone.shadowRoot);
      gone?.remove();
      continue;
    }
    const root = deps.attach(el, 'upshift-slot', styles);
    applyTheme(root.host as HTMLElement, model);
    paint(h(Keep, null, card(p)), root);
  }
}
