import { h, render } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Prompt } from '../../../../../shared/engine/types';
import type { Config } from '../../../../../shared/schemas/config';
import type { Context } from '../../../../../shared/schemas/context';
import type { Actions, Ui } from '../../../../../widget/model';
import { promptKey } from '../../../../../widget/model';
import { signal } from '../../../../../widget/signals';
import { cardsFor, type CardModel } from '../../../../../widget/ui/Root';
import { applyTheme } from '../../../../../widget/ui/slots';
import { adoptCss, previewCss, type Scheme, type Width } from './sheet';

export interface StageProps {
  prompt: Prompt;
  config: Config;
  context: Context;
  scheme: Scheme;
  width: Width;
}

/** Stops what a click in the preview would do: a checkout link opens nothing. */
const stop = (e: Event) => e.preventDefault();

/**
 * The prompt as upshift-ui.js renders it: the widget's own `Card` (through its `cardsFor`, so
 * strings, number format, "Ask your admin" and theme are decided by the same code) in a shadow
 * root with the widget's stylesheet, on a simulated page of the chosen width and colour scheme.
 * Its buttons only change what the card shows ("Not interested" opens the reasons); nothing is
 * sent and no link is followed. Interruptive cards are not dialogs here: the preview is part of
 * the console's page, so the modal's focus trap and `aria-modal` are left out.
 */
export default function Stage({ prompt, config, context, scheme, width }: StageProps) {
  const host = useRef<HTMLDivElement>(null);
  const [ui, setUi] = useState<Readonly<Record<string, Ui>>>({});

  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    adoptCss(root, previewCss(scheme, width));
    // The cards' own container (`.keep` is the widget's display: contents), beside any <style>.
    let mount = root.querySelector<HTMLElement>('div[data-mount]');
    if (!mount) {
      mount = Object.assign(document.createElement('div'), { className: 'keep' });
      mount.dataset.mount = '';
      root.append(mount);
    }
    const model: CardModel = { context: signal<Context | null>(context), config: signal<Config | null>(config), ui: signal(ui), key: promptKey };
    // Theme keys the settings no longer have must not linger on the host.
    for (let i = el.style.length; i--; ) if (el.style.item(i).startsWith('--upshift-')) el.style.removeProperty(el.style.item(i));
    applyTheme(el, model);
    const set = (p: Prompt, next: Ui) => setUi({ ...ui, [promptKey(p)]: next });
    const actions: Actions = {
      go: (_p, e) => e.preventDefault(),
      later: () => setUi({}),
      no: () => setUi({}),
      close: () => setUi({}),
      mode: (p, mode) => set(p, mode ? { mode } : {}),
      seen: () => undefined,
    };
    const card = cardsFor(model, actions)(prompt);
    render(prompt.surface === 'modal' || prompt.surface === 'panel' ? h('div', { class: 'backdrop' }, card) : card, mount);
  });

  useEffect(() => {
    const el = host.current;
    return () => {
      const mount = el?.shadowRoot?.querySelector('div[data-mount]');
      if (mount) render(null, mount);
    };
  }, []);

  return (
    <div class={`rule-preview-page ${scheme} ${width}`} data-scheme={scheme} data-width={width} onClick={stop} onAuxClick={stop}>
      <div ref={host} class="rule-preview-host" data-testid="rule-preview-host" />
    </div>
  );
}
