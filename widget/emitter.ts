/** What `Upshift.on(name, handler)` can listen to. */
export type UpshiftEventName = 'ready' | 'impression' | 'click' | 'dismiss' | 'snooze' | 'decline' | 'action' | 'trial';

export type Handler = (payload: unknown) => void;

/** A minimal event emitter; a handler that throws is reported, never allowed to break the others or the page. */
export function createEmitter(report: (e: unknown) => void) {
  const handlers = new Map<string, Set<Handler>>();
  /** The handlers of `name`, an empty set to begin with. */
  const of = (name: string) => handlers.get(name) ?? handlers.set(name, new Set()).get(name)!;
  return {
    on(name: string, handler: Handler): () => void {
      if (typeof handler !== 'function') return () => {};
      of(name).add(handler);
      return () => void of(name).delete(handler);
    },
    off: (name: string, handler: Handler) => void of(name).delete(handler),
    /** Calls every handler of `name`; true when there was one. */
    emit(name: UpshiftEventName, payload: unknown): boolean {
      for (const handler of of(name)) {
        try {
          handler(payload);
        } catch (e) {
          report(e);
        }
      }
      return !!of(name).size;
    },
  };
}

export type Emitter = ReturnType<typeof createEmitter>;
