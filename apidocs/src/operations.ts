import { METHODS, resolve, type Document, type Method, type Operation, type Parameter, type SecurityRequirement } from './spec';

/** One operation as the page lists it: where it lives, its anchor, and what it takes. */
export interface Entry {
  /** The anchor: the operationId, or method and path when the document gives none. */
  id: string;
  method: Method;
  path: string;
  operation: Operation;
  /** Path-level parameters merged with the operation's own (the operation's win, by name and place). */
  parameters: Parameter[];
  /** The operation's own security, else the document's; `[]` means no key at all. */
  security: SecurityRequirement[];
  tag: string;
}

export interface Group {
  tag: string;
  description?: string;
  entries: Entry[];
}

const UNTAGGED = 'Other';

/** `post-v1-events` for `POST /v1/events`: an anchor for an operation the document left unnamed. */
const anchorOf = (method: string, path: string) => `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Every operation of the document, in its order. */
export function entriesOf(doc: Document): Entry[] {
  const out: Entry[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const shared = (item.parameters ?? []).map((p) => resolve<Parameter>(doc, p).value).filter((p) => p !== undefined);
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const own = (operation.parameters ?? []).map((p) => resolve<Parameter>(doc, p).value).filter((p) => p !== undefined);
      const overridden = (p: Parameter) => own.some((o) => o.name === p.name && o.in === p.in);
      out.push({
        id: operation.operationId ?? anchorOf(method, path),
        method,
        path,
        operation,
        parameters: [...shared.filter((p) => !overridden(p)), ...own],
        security: operation.security ?? doc.security ?? [],
        tag: operation.tags?.[0] ?? UNTAGGED,
      });
    }
  }
  return out;
}

/** The words an operation is found by: method, path, summary, id and tag. */
const haystack = (e: Entry) => [e.method, e.path, e.operation.summary ?? '', e.id, e.tag].join(' ').toLowerCase();

/**
 * Operations grouped by their first tag, in the order the document lists its tags (then any
 * others as first met), keeping only those whose every word of `filter` matches.
 */
export function groupsOf(doc: Document, entries: Entry[], filter: string): Group[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const kept = entries.filter((e) => words.every((w) => haystack(e).includes(w)));
  const order = [...(doc.tags ?? []).map((t) => t.name), ...entries.map((e) => e.tag)];
  const groups: Group[] = [];
  for (const tag of new Set(order)) {
    const inTag = kept.filter((e) => e.tag === tag);
    if (inTag.length === 0) continue;
    const description = doc.tags?.find((t) => t.name === tag)?.description;
    groups.push(description === undefined ? { tag, entries: inTag } : { tag, description, entries: inTag });
  }
  return groups;
}
