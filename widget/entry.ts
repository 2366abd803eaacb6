import type { Explainer, UiFactory } from './api';
import { memoryStore, type KeyValue } from './storage';
import { createUpshift, errorText, type Widget } from './upshift';

// The only module of upshift.js that touches `window` and `document`: everything else gets what it
// needs injected. (upshift-ui.js and upshift-debug.js have entries of their own.)

/** The prompt UI this core was built with: its content-hashed file name and its integrity hash (set by widget/vite.config.ts). */
declare const __UPSHIFT_UI_FILE__: string;
declare const __UPSHIFT_UI_INTEGRITY__: string;
/** How long the prompt UI or the explainer may take to arrive before the page goes on without it. */
const LOAD_TIMEOUT_MS = 10_000;

type Call = [method: string, args: unknown[]];
/** `window.Upshift`: the loader stub (its queue and its methods), then the public API. */
type Global = Record<string, unknown> & { q?: Call[] | undefined; loaded?: boolean };

/** Every method the README's loader stub defines, so no queued or later call is lost. */
const METHODS = ['identify', 'track', 'gate', 'on', 'off', 'reset', 'debug'] as const;
const warn = (message: string) => console.warn(`[upshift] ${message}`);

/** `fn`, made unable to throw into the page: whatever it throws becomes one warning. */
const safe =
  <A extends unknown[]>(fn: (...args: A) => unknown) =>
  (...args: A): void => {
    try {
      fn(...args);
    } catch (e) {
      warn(errorText(e));
    }
  };

/**
 * localStorage, or memory when the page may not use it (blocked, sandboxed: reading the property
 * throws). Not probed with a write: a full store still serves what it holds (a person's dismissals),
 * and every access goes through readJson/writeJson, which catch.
 */
function localStore(): KeyValue {
  try {
    return window.localStorage;
  } catch {
    return memoryStore();
  }
}

/** A timer whose callback can never throw into the page. */
const safeTimeout = (fn: () => void, ms: number) => setTimeout(safe(fn), ms);

/**
 * Shadow roots on host elements of our own, with a stylesheet adopted inside: no CSS crosses either
 * way. Under a CSP that forbids constructable stylesheets' fallback, a `<style>` carries the nonce.
 */
function shadows(nonce: string) {
  const sheets = new Map<string, CSSStyleSheet>();
  return (parent: HTMLElement, tag: string, css: string): ShadowRoot => {
    const existing = parent.querySelector(`:scope>${tag}`)?.shadowRoot;
    if (existing) return existing;
    const host = document.createElement(tag);
    const shadow = host.attachShadow({ mode: 'open' });
    try {
      let sheet = sheets.get(css);
      if (!sheet) {
        sheets.set(css, (sheet = new CSSStyleSheet()));
        sheet.replaceSync(css);
      }
      shadow.adoptedStyleSheets = [sheet];
    } catch {
      const style = document.createElement('style');
      style.nonce = nonce;
      style.textContent = css;
      shadow.append(style);
    }
    parent.append(host);
    return shadow;
  };
}

/**
 * Loads one of the widget's own scripts, once, with the page's nonce, and resolves with what it
 * hands over through a DOM event on the document, or null, after one warning, when it cannot load
 * (offline, CSP, missing, or altered: an `integrity` mismatch never runs), hands nothing over (it
 * would have while running, before `load`), or takes longer than `LOAD_TIMEOUT_MS`.
 */
function lazy<T>(src: string, event: string, nonce: string, integrity?: string): () => Promise<T | null> {
  let loading: Promise<T | null> | undefined;
  return () =>
    (loading ??= new Promise((resolve) => {
      let settled = false;
      const s = document.createElement('script');
      const done = (value: unknown, problem?: string) => {
        if (problem && !settled) warn(`${src} ${problem}`);
        settled = true;
        // Its work is done: the host's markup goes back to what it was.
        s.remove();
        resolve(value as T | null);
      };
      // Left listening: once settled, a later event changes nothing. (Any script of the page could
      // dispatch it; the page's own scripts are trusted with the page anyway. Integrity guards the bytes.)
      document.addEventListener(event, (e) => done((e as CustomEvent).detail));
      s.src = src;
      s.nonce = nonce;
      if (integrity) {
        s.integrity = integrity;
        s.crossOrigin = 'anonymous';
      }
      // A script that ran hands itself over before `load`; an integrity mismatch is an `error`.
      s.onload = s.onerror = () => done(null, 'did not load');
      safeTimeout(() => done(null, 'timed out'), LOAD_TIMEOUT_MS);
      // At the root: any document has one (not every one a head), and the element goes once it has run.
      document.documentElement.append(s);
    }));
}

/**
 * Tells `fn` about every change of the page the widget reads: `data-upshift-*` elements and the
 * title (a MutationObserver), and the URL, which single-page apps change with the History API
 * (wrapped here, as analytics scripts do) or the back and forward buttons.
 */
function observe(fn: () => void): void {
  const changed = safe(fn);
  new MutationObserver(changed).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-upshift-slot', 'data-upshift-feature'] });
  for (const m of ['pushState', 'replaceState'] as const) {
    const original = history[m];
    history[m] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      changed();
    };
  }
  addEventListener('popstate', changed);
  addEventListener('hashchange', changed);
}

function start(): Widget | null {
  const script = (document.currentScript ?? document.querySelector('script[data-key][src*="upshift"]')) as HTMLScriptElement | null;
  const key = script?.dataset.key;
  if (!key) {
    warn('missing data-key on the script tag; no prompts will show');
    return null;
  }
  // `script` is there: `key` came from it.
  const { dataset, src, nonce = '' } = script!;
  const api = (dataset.api ?? new URL(src, location.href).origin).replace(/\/+$/, '');
  const attach = shadows(nonce);
  const widget = createUpshift({
    key,
    api,
    fetch: fetch.bind(window),
    storage: localStore(),
    now: () => Date.now(),
    random: (bytes) => crypto.getRandomValues(bytes),
    setTimeout: safeTimeout,
    warn,
    // DOMContentLoaded fires once per document: no need to remove the listener.
    whenReady: (fn) => (document.body ? fn() : document.addEventListener('DOMContentLoaded', fn)),
    locale: navigator.language,
    attach,
    query: (selector) => [...document.querySelectorAll<HTMLElement>(selector)],
    page: () => ({ path: location.pathname, url: location.href, title: document.title }),
    observe,
    explainer: lazy<Explainer>(`${api}/upshift-debug.js`, 'upshift:explain', nonce),
    // Next to upshift.js, from the same release: the name carries its content hash, and the integrity check refuses any other bytes.
    ui: lazy<UiFactory>(new URL(__UPSHIFT_UI_FILE__, src).href, 'upshift:ui', nonce, __UPSHIFT_UI_INTEGRITY__),
    log: (message) => console.info(message),
    debug: 'debug' in dataset,
    beacon: (url, body) => !!navigator.sendBeacon?.(url, body),
  });
  // Deliver queued events while the page can still send them, and as soon as the network is back.
  addEventListener('pagehide', safe(() => widget.flush('unload')));
  addEventListener('pageshow', safe((e: PageTransitionEvent) => e.persisted && widget.flush('resume')));
  addEventListener('online', safe(() => widget.flush('now')));
  document.addEventListener('visibilitychange', safe(() => document.hidden && widget.flush('now')));
  // A click on a `data-upshift-feature` element is an attempt at that feature, as `gate(id)` is
  // (recorded when locked). Seen while capturing, so the host's own handlers cannot hide it, and
  // when the feature is locked the explanation replaces the host's action, unless the element says
  // `data-upshift-intercept="false"`.
  document.addEventListener(
    'click',
    safe((e: Event) => {
      // Any event target: `closest` exists on elements only.
      const el = (e.target as Partial<Element> | null)?.closest?.('[data-upshift-feature]') as HTMLElement | null | undefined;
      if (el && widget.press(el.dataset.upshiftFeature ?? '', el.dataset.upshiftIntercept !== 'false', () => el.click())) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    }),
    true,
  );
  return widget;
}

(() => {
  const w = window as unknown as { Upshift?: Global };
  const stub: Global = w.Upshift && typeof w.Upshift === 'object' ? w.Upshift : {};
  if (stub.loaded) return;
  let widget: Widget | null = null;
  try {
    widget = start();
  } catch (e) {
    warn(`could not start: ${errorText(e)}`);
  }
  const queued = Array.isArray(stub.q) ? stub.q : [];
  // Mutate the stub in place so references the host kept to `window.Upshift` keep working. Every
  // public method is wrapped: whatever happens inside, nothing is thrown into the host page.
  for (const m of METHODS) {
    stub[m] = (...args: unknown[]) => {
      try {
        if (widget) return (widget[m] as (...a: unknown[]) => unknown)(...args);
      } catch (e) {
        warn(`${m} failed: ${errorText(e)}`);
      }
      // What a method answers when the widget could not start or the call failed: the same shape as success.
      return m === 'gate' ? { locked: false, plan: null } : m === 'on' ? () => {} : undefined;
    };
  }
  stub.loaded = true;
  stub.q = undefined;
  w.Upshift = stub;
  for (const [method, args] of queued) {
    // Only our own methods: the stub object may hold anything else the host put there.
    if ((METHODS as readonly string[]).includes(method) && Array.isArray(args)) (stub[method] as (...a: unknown[]) => unknown)(...args);
  }
})();
