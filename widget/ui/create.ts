import { h, render } from 'preact';
import type { UiHost } from '../api';
import { createActions } from './actions';
import { cardsFor, Root } from './Root';
import { applyTheme, renderSlots } from './slots';
import { styles } from './styles';

/** The widget's own root element's shadow root, with `css` adopted, created on first use; null while the page has no body. */
export type Mount = (css: string) => ShadowRoot | null;

/**
 * The prompt UI, built once the core first needs a surface: the core runs each function it returns
 * inside an effect of its own, and Preact renders synchronously, so the signals read while
 * rendering are tracked and any change to them renders again. The interruptive prompts and open
 * panels go in the widget's own root element, added to the page only once there is something to
 * show; inline prompts go in their slots.
 */
export function createUi(host: UiHost, visible: (el: HTMLElement, fn: () => void) => void, mount: Mount): (() => void)[] {
  const { deps, model } = host;
  const actions = createActions(host, visible);
  let mounted = false;
  return [
    () => {
      if (!mounted && !model.prompt.value && !model.panelPrompt.value) return;
      const root = mount(styles);
      if (!root) return;
      mounted = true;
      applyTheme(root.host as HTMLElement, model);
      render(h(Root, { model, a: actions }), root);
    },
    () => renderSlots(deps, model, cardsFor(model, actions)),
  ];
}
