import { compile, run } from '../../shared/engine/pattern';
import type { UiFactory, UiHost } from '../api';
import { createUi } from './create';

// Entry of upshift-ui.js, which upshift.js loads the first time a prompt must render. Like
// upshift-debug.js it defines no global: it hands its factory to the core through a DOM event.
// This module and the core's entry are the only ones that touch `window` and `document`.

/**
 * Calls `fn` once at least half of `el` has been in view for a second (without IntersectionObserver:
 * after a second), through `later`, the core's timer that never lets a callback throw into the page.
 */
function visible(el: HTMLElement, fn: () => void, later: (fn: () => void, ms: number) => unknown): void {
  if (!window.IntersectionObserver) return void later(fn, 1000);
  let timer: unknown;
  const io = new IntersectionObserver(([entry]) => {
    clearTimeout(timer as number);
    if (entry!.intersectionRatio >= 0.5) {
      timer = later(() => {
        io.disconnect();
        fn();
      }, 1000);
    }
  }, { threshold: 0.5 });
  io.observe(el);
}

const factory: UiFactory = Object.assign(
  (host: UiHost) =>
    createUi(
      host,
      (el, fn) => visible(el, fn, host.deps.setTimeout),
      // The root goes in the body, in a shadow root of its own made by the core's `attach`.
      (css) => (document.body ? host.deps.attach(document.body, 'upshift-root', css) : null),
    ),
  // The core decides `matches` conditions with this (see useMatcher in shared/engine/condition.ts).
  { match: { compile, run } },
);
document.dispatchEvent(new CustomEvent('upshift:ui', { detail: factory }));
