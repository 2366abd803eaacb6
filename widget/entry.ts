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

/** A shadow root on a host element of our own, adopted stylesheet inside: no CSS crosses either way. */
function mountPoint(): () => ShadowRoot | null {
  let shadow: ShadowRoot | null = null;
  let host: HTMLElement | null = null;
  return () => {
    if (!document.body) return null;
    if (!host) {
      host = document.createElement('upshift-root');
      shadow = host.attachShadow({ mode: 'open' });
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(styles);
        shadow.adoptedStyleSheets = [sheet];
      } catch {
        const style = document.createElement('style');
        style.textContent = styles;
        shadow.append(style);
      }
    }
    if (!host.isConnected) document.body.append(host);
    return shadow;
  };
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
    mount: mountPoint(),
    explainer: explainer(api, script.nonce ?? ''),
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
  // (recorded when locked). Seen while capturing, so the host's own handlers cannot hide it.
  document.addEventListener(
    'click',
    (e) => {
      // Any event target: `closest` exists on elements only.
      const el = (e.target as Partial<Element> | null)?.closest?.('[data-upshift-feature]') as HTMLElement | null | undefined;
      if (el) api.gate(el.dataset.upshiftFeature ?? '');
    },
    true,
  );
})();
