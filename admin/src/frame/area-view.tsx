import { useEffect, useState } from 'preact/hooks';
import { AREAS, cachedArea, loadArea, type AreaName } from '../areas/registry';
import type { AreaModule, AreaProps } from '../areas/types';
import { ErrorState, Loading, PageHeading } from '../ui';

type State = { kind: 'loading' } | { kind: 'ready'; mod: AreaModule } | { kind: 'failed'; message: string };

/**
 * Loads an area's chunk on first visit and renders it. A failed chunk (a deploy replaced the
 * files, the network dropped) gets a heading and a Retry, not a blank page.
 */
export function AreaView({ area, props }: { area: AreaName; props: AreaProps }) {
  const [state, setState] = useState<State>(() => {
    const mod = cachedArea(area);
    return mod ? { kind: 'ready', mod } : { kind: 'loading' };
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const mod = cachedArea(area);
    if (mod) {
      setState({ kind: 'ready', mod });
      return undefined;
    }
    let live = true;
    setState({ kind: 'loading' });
    loadArea(area).then(
      (m) => live && setState({ kind: 'ready', mod: m }),
      () => live && setState({ kind: 'failed', message: `The ${AREAS[area].title} page could not be downloaded. Check your connection and retry; if it keeps failing, reload the page (a new version of Upshift may have been installed).` }),
    );
    return () => {
      live = false;
    };
  }, [area, attempt]);

  if (state.kind === 'loading') return <Loading label={`Loading ${AREAS[area].title}…`} />;
  if (state.kind === 'failed') {
    return (
      <>
        <PageHeading title={AREAS[area].title} />
        <ErrorState title="This page did not load" message={state.message} onRetry={() => setAttempt((n) => n + 1)} />
      </>
    );
  }
  const Area = state.mod.default;
  return <Area {...props} />;
}
