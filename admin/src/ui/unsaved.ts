import { useEffect, useRef } from 'preact/hooks';
import { addBlocker } from '../router';

/**
 * While `dirty`, in-app navigation asks before leaving (the frame shows the question) and closing
 * or reloading the tab triggers the browser's own warning.
 */
export function useUnsavedChanges(dirty: boolean): void {
  const current = useRef(dirty);
  current.current = dirty;
  useEffect(() => addBlocker(() => current.current), []);
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
}
