import { styles } from './styles';
import { memoryStore, type KeyValue } from './storage';
import { createUpshift, errorText, type Explain, type Widget } from './upshift';

// The only module that touches `window` and `document`: everything else gets what it needs injected.

type Call = [method: string, args: unknown[]];
/** `window.Upshift`: the loader stub (its queue and its methods), then the public API. */
type Global = Record<string, unknown> & { q?: Call[] | undefined; loaded?: boolean };

/** Every method the README's loader stub defines, so no queued or later call is lost. */
const METHODS = ['identify', 'track', 'gate', 'on', 'off', 'reset', 'debug'] as const;
const warn = (message: string) => console.warn(message);

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
const safeTimeout = (fn: () => void, ms: number) =>
  setTimeout(() => {
    try {
      fn();
    } catch (e) {
      warn(`[upshift] ${errorText(e)}`);
    }
  }, ms);

/**
 * Shadow roots on host elements of our own, the stylesheet adopted inside: no CSS crosses either
 * way. Under a CSP that forbids constructable stylesheets' fallback, a `<style>` carries the nonce.
 */
function shadows(nonce: string) {
  let sheet: CSSStyleSheet | undefined;
  return (parent: HTMLElement, tag: string): ShadowRoot => {
    const existing = parent.querySelector(`:scope>${tag}`)?.shadowRoot;
    if (existing) return existing;
    const host = document.createElement(tag);
    const shadow = host.attachShadow({ mode: 'open' });
    try {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(styles);
      }
      shadow.adoptedStyleSheets = [sheet];
    } catch {
      const style = document.createElement('style');
      style.nonce = nonce;
      style.textContent = styles;
      shadow.append(style);
    }
    parent.append(host);
    return shadow;
  };
}

/** Calls `fn` once at least half of `el` has been in view for a second (without IntersectionObserver: after a second). */
function visible(el: HTMLElement, fn: () => void): void {
  if (!window.IntersectionObserver) return void safeTimeout(fn, 1000);
  let timer: ReturnType<typeof safeTimeout> | undefined;
  const io = new IntersectionObserver(([entry]) => {
    clearTimeout(timer);
    if (entry!.intersectionRatio >= 0.5) {
      timer = safeTimeout(() => {
        io.disconnect();
        fn();
      }, 1000);
    }
  }, { threshold: 0.5 });
  io.observe(el);
}

/**
 * Loads upshift-debug.js once, on the first `Upshift.debug()`: it words the engine's reason codes,
 * which upshift.js ships without. Resolves null when it cannot load (offline, CSP).
 */
function explainer(api: string, nonce: string): () => Promise<Explain | null> {
  let loading: Promise<Explain | null> | undefined;
  return () =>
    (loading ??= new Promise((resolve) => {
      document.addEventListener('upshift:explain', (e) => {
        const fn: unknown = (e as CustomEvent).detail;
        resolve(typeof fn === 'function' ? (fn as Explain) : null);
        // Left listening: a promise settles once, so a later event changes nothing.
      });
      const s = document.createElement('script');
      s.src = `${api}/upshift-debug.js`;
      s.nonce = nonce;
      // Loaded without handing the explainer over (another version, an error), or not loaded: none.
      s.onload = s.onerror = () => resolve(null);
      // A document without a head (not HTML) rejects this, and debug() keeps the codes.
      document.head.append(s);
    }));
}

function start(): Widget | null {
  const script = (document.currentScript ?? document.querySelector('script[data-key][src*="upshift"]')) as HTMLScriptElement | null;
  const key = script?.dataset.key;
  if (!key) {
    warn('[upshift] missing data-key on the script tag; no prompts will show');
    return null;
  }
  // `script` is there: `key` came from it.
  const api = (script!.dataset.api ?? new URL(script!.src, location.href).origin).replace(/\/+$/, '');
  const nonce = script!.nonce ?? '';
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
    mount: () => (document.body ? attach(document.body, 'upshift-root') : null),
    attach,
    query: (selector) => [...document.querySelectorAll<HTMLElement>(selector)],
    observe: (fn) =>
      new MutationObserver(fn).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-upshift-slot', 'data-upshift-feature'] }),
    visible,
    explainer: explainer(api, nonce),
    beacon: (url, body) => !!navigator.sendBeacon?.(url, body),
  });
  // Deliver queued events while the page can still send them, and as soon as the network is back.
  const flush = (final?: boolean) => {
    try {
      widget.flush(final);
    } catch {
      // Unloading: nothing useful is left to do.
    }
  };
  addEventListener('pagehide', () => flush(true));
  addEventListener('pageshow', (e) => e.persisted && flush(false));
  addEventListener('online', () => flush());
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) flush();
  });
  // A click on a `data-upshift-feature` element is an attempt at that feature, as `gate(id)` is
  // (recorded when locked). Seen while capturing, so the host's own handlers cannot hide it, and
  // when the feature is locked the explanation replaces the host's action, unless the element says
  // `data-upshift-intercept="false"`.
  document.addEventListener(
    'click',
    (e) => {
      try {
        // Any event target: `closest` exists on elements only.
        const el = (e.target as Partial<Element> | null)?.closest?.('[data-upshift-feature]') as HTMLElement | null | undefined;
        if (el && widget.press(el.dataset.upshiftFeature ?? '', el.dataset.upshiftIntercept !== 'false')) {
          e.preventDefault();
          e.stopImmediatePropagation();
        }
      } catch (err) {
        warn(`[upshift] ${errorText(err)}`);
      }
    },
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
    warn(`[upshift] could not start: ${errorText(e)}`);
  }
  const queued = Array.isArray(stub.q) ? stub.q : [];
  // Mutate the stub in place so references the host kept to `window.Upshift` keep working. Every
  // public method is wrapped: whatever happens inside, nothing is thrown into the host page.
  for (const m of METHODS) {
    stub[m] = (...args: unknown[]) => {
      try {
        if (widget) return (widget[m] as (...a: unknown[]) => unknown)(...args);
      } catch (e) {
        warn(`[upshift] ${m} failed: ${errorText(e)}`);
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
