import { computed, effect, signal } from '@preact/signals';
import { entriesOf, groupsOf, type Entry } from './operations';
import { asDocument, type Document } from './spec';

// The page's one model: the document, the sidebar's filter and the key. Components only render it.

export type DocState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; doc: Document; entries: Entry[] };

export const docState = signal<DocState>({ kind: 'loading' });
export const filter = signal('');
/** The operation the address names (`#operationId`), which the sidebar marks as the current one. */
export const current = signal('');
/**
 * Operations whose details are drawn. The served document has about a hundred operations; drawn
 * all at once their schema trees are some 50,000 elements, slow to show and to search by assistive
 * technology, so each draws its details when opened, and the one a link names opens by itself.
 */
export const opened = signal<ReadonlySet<string>>(new Set());

export function setOpen(id: string, open: boolean): void {
  const next = new Set(opened.value);
  if (open) next.add(id);
  else next.delete(id);
  opened.value = next;
}

/** Follows the address: marks and opens the operation it names (the operation scrolls itself into view). */
export function followAddress(hash: string): void {
  const id = decodeURIComponent(hash.slice(1));
  current.value = id;
  if (id) setOpen(id, true);
}

export const groups = computed(() => {
  const state = docState.value;
  return state.kind === 'ready' ? groupsOf(state.doc, state.entries, filter.value) : [];
});

const KEY_ITEM = 'upshift-docs-key';

/** Session storage, or nothing where it is refused (a sandboxed frame, storage switched off). */
function sessionStore(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * The key the try-it-out forms send. Kept in this tab's session storage so a reload keeps it; never
 * in local storage, so it does not outlive the tab.
 */
export const apiKey = signal(sessionStore()?.getItem(KEY_ITEM) ?? '');
effect(() => {
  const store = sessionStore();
  if (!store) return;
  if (apiKey.value === '') store.removeItem(KEY_ITEM);
  else store.setItem(KEY_ITEM, apiKey.value);
});

/** Fetches and checks the document, then shows the operation the address names (`#operationId`). */
export async function loadDocument(url: string): Promise<void> {
  try {
    const res = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!res.ok) {
      docState.value = { kind: 'failed', message: `${url} answered ${res.status} ${res.statusText}`.trim() };
      return;
    }
    const doc = asDocument(await res.json());
    docState.value = typeof doc === 'string' ? { kind: 'failed', message: doc } : { kind: 'ready', doc, entries: entriesOf(doc) };
  } catch (e) {
    docState.value = { kind: 'failed', message: `Could not load ${url}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
