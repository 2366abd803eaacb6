/** What `Upshift.on(name, handler)` can listen to. */
export type UpshiftEventName = 'ready' | 'impression' | 'click' | 'dismiss' | 'snooze' | 'decline' | 'action' | 'trial';

export type Handler = (payload: unknown) => void;

/** A minimal event emitter; a handler that throws is reported, never allowed to break the others or the page. */
export function createEmitter(report: (e: unknown) => void) {
  const handlers = new Map<string, Set<Handler>>();
  return {
    on(name: string, handler: Handler): () => void {
      if (typeof handler !== 'function') return () => {};
      let set = handlers.get(name);
      if (!set) handlers.set(name, (set = new Set()));
      set.add(handler);
      return () => void set.delete(handler);
    },
    off(name: string, handler: Handler): void {
      handlers.get(name)?.delete(handler);
    },
    /** Whether anyone listens to `name`. */
    has: (name: UpshiftEventName): boolean => !!handlers.get(name)?.size,
    emit(name: UpshiftEventName, payload: unknown): void {
      for (const handler of handlers.get(name) ?? []) {
        try {
          handler(payload);
        } catch (e) {
          report(e);
        }
      }
    },
  };
}
