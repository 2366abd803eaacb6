import { within } from '@testing-library/preact';
import { vi, type Mock } from 'vitest';
import type { UiFactory } from '../../widget/api';
import { explainer } from '../../widget/explainer';
import type { KeyValue } from '../../widget/storage';
import { createUi } from '../../widget/ui/create';
import { createUpshift, type Widget } from '../../widget/upshift';

export { explainer };

const hosts: HTMLElement[] = [];

/**
 * The prompt UI as upshift-ui.js hands it over, rendering into `shadow`; jsdom has no layout, so a
 * mounted card counts as seen once the current task is done.
 */
export const uiFactory =
  (shadow: ShadowRoot): UiFactory =>
  (host) =>
    createUi(host, (_el, fn) => void setTimeout(fn, 0), () => shadow);

/** A widget as the entry would build it, rendering into a fresh shadow root, talking to `api`. */
export function mountWidget(options: { key: string; api: string; storage: KeyValue; warn?: Mock<(message: string) => void>; ui?: () => Promise<UiFactory | null>; now?: () => number }) {
  const warn = options.warn ?? vi.fn<(message: string) => void>();
  const host = document.createElement('div');
  document.body.append(host);
  hosts.push(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const ui = vi.fn(options.ui ?? (() => Promise.resolve(uiFactory(shadow))));
  const widget: Widget = createUpshift({
    key: options.key,
    api: options.api,
    fetch: globalThis.fetch.bind(globalThis),
    storage: options.storage,
    now: options.now ?? (() => Date.now()),
    random: (b) => crypto.getRandomValues(b),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    warn,
    locale: 'en',
    whenReady: (fn) => fn(),
    attach: (parent, tag) => {
      const existing = parent.querySelector<HTMLElement>(`:scope>${tag}`);
      if (existing?.shadowRoot) return existing.shadowRoot;
      const child = document.createElement(tag);
      parent.append(child);
      return child.attachShadow({ mode: 'open' });
    },
    query: (selector) => [...document.querySelectorAll<HTMLElement>(selector)],
    page: () => ({ path: location.pathname, url: location.href, title: document.title }),
    observe: (fn) => new MutationObserver(fn).observe(document.body, { subtree: true, childList: true, attributes: true }),
    explainer: () => Promise.resolve(explainer),
    ui,
    log: vi.fn(),
  });
  return { widget, shadow, view: within(shadow as unknown as HTMLElement), warn, ui };
}

/** Removes every widget mounted so far (call after each test). */
export function unmountWidgets(): void {
  for (const host of hosts.splice(0)) host.remove();
}

/** The key under which the widget keeps one person's history in this browser. */
export const stateKey = (key: string, account: string, user: string): string => `upshift:${key}:state:v1:${account}:${user}`;
