import { styles } from './styles';
import { memoryStore, type KeyValue } from './storage';
import { createUpshift, type UpshiftApi, type Widget } from './upshift';

// The only module that touches `window` and `document`: everything else gets what it needs injected.

type Call = [method: string, args: unknown[]];
type Global = Partial<UpshiftApi> & { q?: Call[]; loaded?: boolean; off?: unknown } & Record<string, unknown>;

const METHODS = ['identify', 'track', 'reset', 'debug'] as const;
const warn = (message: string) => console.warn(message);

function localStore(): KeyValue {
  try {
    const ls = window.localStorage;
    const probe = '__upshift_probe__';
    ls.setItem(probe, '1');
    ls.removeItem(probe);
    return { get: (k) => ls.getItem(k), set: (k, v) => ls.setItem(k, v), remove: (k) => ls.removeItem(k) };
  } catch {
    return memoryStore();
  }
}

/** A shadow root on a host element of our own, adopted stylesheet inside: no CSS crosses either way. */
function mountPoint(): () => ShadowRoot | null {
  let shadow: ShadowRoot | null = null;
  let host: HTMLElement | null = null;
  return () => {
    if (!document.body) return null;
    if (!host) {
      host = document.createElement('upshift-root');
      host.style.setProperty('display', 'contents', 'important');
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

/** Every public method is wrapped: whatever happens inside, nothing is thrown into the host page. */
function guarded(widget: Widget | null): UpshiftApi {
  const api = {} as Record<(typeof METHODS)[number], (...args: unknown[]) => unknown>;
  for (const m of METHODS) {
    api[m] = (...args: unknown[]) => {
      try {
        return widget ? (widget[m] as (...a: unknown[]) => unknown)(...args) : undefined;
      } catch (e) {
        warn(`[upshift] ${m} failed: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
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
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    warn,
    locale: navigator.language,
    mount: mountPoint(),
  });
  // Deliver queued events while the page can still send them.
  addEventListener('pagehide', () => widget.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') widget.flush();
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
    warn(`[upshift] could not start: ${e instanceof Error ? e.message : String(e)}`);
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
})();
