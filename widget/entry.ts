import { styles } from './styles';
import { memoryStore, type KeyValue } from './storage';
import { createUpshift, errorText, type Explain, type UpshiftApi, type Widget } from './upshift';

// The only module that touches `window` and `document`: everything else gets what it needs injected.

type Call = [method: string, args: unknown[]];
type Global = Partial<UpshiftApi> & { q?: Call[]; loaded?: boolean; off?: unknown } & Record<string, unknown>;

/** Every method the README's loader stub defines, so no queued or later call is lost. */
const METHODS = ['identify', 'track', 'gate', 'on', 'off', 'reset', 'debug'] as const;
const warn = (message: string) => console.warn(message);

/**
 * localStorage when the page may use it (it can be blocked, sandboxed or full), memory otherwise.
 * Reads and writes go through readJson/writeJson, which catch; removal catches here.
 */
function localStore(): KeyValue {
  try {
    const ls = window.localStorage;
    const probe = '__upshift_probe__';
    ls.setItem(probe, '1');
    ls.removeItem(probe);
    return {
      get: (k) => ls.getItem(k),
      set: (k, v) => ls.setItem(k, v),
      remove: (k) => {
        try {
          ls.removeItem(k);
        } catch {
          // Nothing to clean up then.
        }
      },
    };
  } catch {
    return memoryStore();
  }
}

/** A timer whose callback can never throw into the page. */
const safeTimeout = (fn: () => void, ms: number) =>
  window.setTimeout(() => {
    try {
      fn();
    } catch (e) {
      warn(`[upshift] ${errorText(e)}`);
    }
  }, ms);

function whenReady(fn: () => void): void {
  if (document.body) fn();
  else document.addEventListener('DOMContentLoaded', fn, { once: true });
}

/**
 * Shadow roots on host elements of our own, the stylesheet adopted inside: no CSS crosses either
 * way. Under a CSP that forbids constructable stylesheets' fallback, a `<style>` carries the nonce.
 */
function shadows(nonce: string) {
  let sheet: CSSStyleSheet | undefined;
  return (parent: HTMLElement, tag: string): ShadowRoot => {
    let host = parent.querySelector<HTMLElement>(`:scope>${tag}`);
    if (host?.shadowRoot) return host.shadowRoot;
    host = document.createElement(tag);
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
  let timer: number | undefined;
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
      }, { once: true });
      const s = document.createElement('script');
      s.src = `${api}/upshift-debug.js`;
      s.nonce = nonce;
      // Loaded without handing the explainer over (another version, an error), or not loaded: none.
      s.onload = s.onerror = () => resolve(null);
      (document.head ?? document.documentElement).append(s);
    }));
}

/** What a method answers when the widget could not start or the call failed: the same shape as success. */
const FALLBACK: Partial<Record<(typeof METHODS)[number], () => unknown>> = {
  gate: () => ({ locked: false, plan: null }),
  on: () => () => {},
};

/** Every public method is wrapped: whatever happens inside, nothing is thrown into the host page. */
function guarded(widget: Widget | null): UpshiftApi {
  const api = {} as Record<(typeof METHODS)[number], (...args: unknown[]) => unknown>;
  for (const m of METHODS) {
    api[m] = (...args: unknown[]) => {
      try {
        if (widget) return (widget[m] as (...a: unknown[]) => unknown)(...args);
      } catch (e) {
        warn(`[upshift] ${m} failed: ${errorText(e)}`);
      }
      return FALLBACK[m]?.();
    };
  }
  return api as unknown as UpshiftApi;
}

function start(): Widget | null {
  const script = (document.currentScript ?? document.querySelector('script[data-key][src*="upshift"]')) as HTMLScriptElement | null;
  const key = script?.dataset.key;
  if (!script || !key) {
    warn('[upshift] missing data-key on the script tag; no prompts will show');
    return null;
  }
  const api = (script.dataset.api ?? new URL(script.src, location.href).origin).replace(/\/+$/, '');
  const nonce = script.nonce ?? '';
  const attach = shadows(nonce);
  const widget = createUpshift({
    key,
    api,
    fetch: window.fetch.bind(window),
    storage: localStore(),
    now: () => Date.now(),
    random: (bytes) => crypto.getRandomValues(bytes),
    setTimeout: safeTimeout,
    warn,
    whenReady,
    locale: navigator.language,
    mount: () => (document.body ? attach(document.body, 'upshift-root') : null),
    attach,
    query: (selector) => [...document.querySelectorAll<HTMLElement>(selector)],
    observe: (fn) =>
      new MutationObserver(fn).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-upshift-slot', 'data-upshift-feature'] }),
    visible,
    explainer: explainer(api, nonce),
  });
  // Deliver queued events while the page can still send them.
  const flush = () => {
    try {
      widget.flush();
    } catch {
      // Unloading: nothing useful is left to do.
    }
  };
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
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
  const api = guarded(widget);
  const queued = Array.isArray(stub.q) ? stub.q : [];
  // Mutate the stub in place so references the host kept to `window.Upshift` keep working.
  Object.assign(stub, api, { loaded: true, q: undefined });
  w.Upshift = stub;
  for (const [method, args] of queued) {
    const fn = (api as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
    if (fn && Array.isArray(args)) fn(...args);
  }
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
        if (el && widget?.press(el.dataset.upshiftFeature ?? '', el.dataset.upshiftIntercept !== 'false')) {
          e.preventDefault();
          e.stopImmediatePropagation();
        }
      } catch (err) {
        warn(`[upshift] ${errorText(err)}`);
      }
    },
    true,
  );
})();
