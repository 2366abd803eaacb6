/**
 * The widget's reactive state: `signal`, `computed`, `effect` and `batch`, with @preact/signals-core's
 * API, in the few lines upshift.js needs. upshift.js runs on every page and has a 12 KB budget;
 * @preact/signals-core costs 1.3 KB of it (measured in this bundle), which the engine, the queue and
 * the badges need more. A write marks what depends on it stale; a computed recomputes when next
 * read; effects re-run once the outermost write or batch is done, each once however many of its
 * sources changed, reading consistent values, and what an effect writes runs after it, not inside
 * it. Less than the library, by design: a computed passes a change on even when its value comes out
 * the same (effects re-run; the widget's renders are idempotent); effects cannot be disposed, as
 * the widget's live as long as the page; a computed that throws keeps its last value (the widget's
 * catch). The API is the library's, so switching back is a change of import.
 */

/** A value others can depend on: a signal or a computed. */
interface Source {
  subs: Set<Computation>;
}

/** A computed or an effect: what it read last time is what it depends on now. */
interface Computation {
  sources: Set<Source>;
  stale(): void;
}

export interface ReadonlySignal<T> {
  /** The value; read inside a computed or an effect, the read is a dependency. */
  readonly value: T;
  /** The value, without becoming a dependency. */
  peek(): T;
}

export interface Signal<T> extends ReadonlySignal<T> {
  value: T;
}

/** The computed or effect running now, which records what it reads. */
let running: Computation | undefined;
let depth = 0;
/** Effects to re-run once the outermost write or batch is done, in the order they went stale. */
const due = new Set<() => void>();

function track(s: Source): void {
  if (running) {
    s.subs.add(running);
    running.sources.add(s);
  }
}

/** How many effect runs one write may set off: more is a cycle (an effect that keeps changing what it reads). */
const MAX_RUNS = 1000;

/** Runs `fn`, then every effect that went stale meanwhile (and those their runs make stale), unless inside another batch. */
export function batch<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    // Effects run with the batch still open: what one writes runs after it, never inside it. A Set
    // visits what is added while iterating: effects made stale by effects run in this same pass.
    let runs = 0;
    if (depth === 1) {
      for (const run of due) {
        due.delete(run);
        if (++runs > MAX_RUNS) {
          due.clear();
          depth--;
          throw new Error('Cycle detected');
        }
        run();
      }
    }
    depth--;
  }
}

/** Marks everything that depends on `s` stale. */
const changed = (s: Source) => batch(() => [...s.subs].forEach((c) => c.stale()));

/** Runs `fn` as `c`, which then depends on exactly what `fn` read. */
function collect<T>(c: Computation, fn: () => T): T {
  for (const s of c.sources) s.subs.delete(c);
  c.sources.clear();
  const outer = running;
  running = c;
  try {
    return fn();
  } finally {
    running = outer;
  }
}

export function signal<T>(value: T): Signal<T> {
  const s: Source & Signal<T> = {
    subs: new Set(),
    get value() {
      track(s);
      return value;
    },
    set value(next) {
      if (next !== value) {
        value = next;
        changed(s);
      }
    },
    peek: () => value,
  };
  return s;
}

/** A value derived from signals, recomputed only when read after one of them changed. */
export function computed<T>(fn: () => T): ReadonlySignal<T> {
  let value: T;
  let stale = true;
  const c: Source & Computation & ReadonlySignal<T> = {
    subs: new Set(),
    sources: new Set(),
    stale() {
      if (!stale) {
        stale = true;
        changed(c);
      }
    },
    get value() {
      track(c);
      return c.peek();
    },
    peek() {
      if (stale) {
        stale = false;
        value = collect(c, fn);
      }
      return value;
    },
  };
  return c;
}

/** Runs `fn` now, and again whenever something it read changes. */
export function effect(fn: () => void): void {
  const run = () => collect(e, fn);
  const e: Computation = { sources: new Set(), stale: () => due.add(run) };
  batch(run);
}
