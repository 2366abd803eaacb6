import { useLayoutEffect } from 'preact/hooks';
import { matchPath, type Match } from './areas/registry';
import { AreaView } from './frame/area-view';
import { Layout } from './frame/layout';
import { LeaveDialog } from './frame/leave-dialog';
import { boot, bootError, phase, type Phase } from './model/session';
import { navigate, path } from './router';
import { Announcer, ErrorState, Loading, PageHeading } from './ui';

const PUBLIC = ['/admin/sign-in', '/admin/setup', '/admin/invite'];

/**
 * Where the URL must go for the session's phase, or null when it may stay: signed out, every
 * page but the invite leads to sign-in (remembering where the person was going); a fresh server
 * leads to setup (keeping the hash, where the setup token travels); signed in, the sign-in and
 * setup pages lead on.
 */
export function redirectFor(phase: Phase, url: string, hash: string): string | null {
  const pathname = url.split('?')[0] ?? url;
  const params = new URLSearchParams(url.split('?')[1] ?? '');
  if (phase === 'setup') return pathname === '/admin/setup' ? null : `/admin/setup${hash}`;
  if (phase === 'signed-out') {
    if (pathname === '/admin/sign-in' || pathname === '/admin/invite') return null;
    return pathname === '/admin/setup' || pathname === '/admin' ? '/admin/sign-in' : `/admin/sign-in?next=${encodeURIComponent(url)}`;
  }
  if (phase === 'signed-in' && (pathname === '/admin/sign-in' || pathname === '/admin/setup')) {
    const next = params.get('next');
    // Only ever an in-app path, so a crafted link cannot send a fresh session elsewhere.
    return next && next.startsWith('/admin/') && !next.startsWith('//') && !PUBLIC.some((p) => next.startsWith(p)) ? next : '/admin';
  }
  return null;
}

/** A page without the console around it: sign-in, setup, invite, and boot states. */
function Bare({ children }: { children: preact.ComponentChildren }) {
  return (
    <>
      <header class="topbar">
        <span class="brand">Upshift</span>
      </header>
      <main id="main" class="narrow" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** The whole console: which screen the session's phase and the URL call for. */
export function App() {
  const url = path.value;
  const current = phase.value;
  useLayoutEffect(() => {
    const to = redirectFor(current, url, location.hash);
    if (to !== null) navigate(to, { replace: true, force: true });
  }, [current, url]);

  const match: Match = matchPath(url.split('?')[0] ?? url);
  const area = match.kind === 'area' ? match.area : null;
  const empty = { env: null, envs: [] };
  let screen;
  if (current === 'booting') {
    screen = (
      <Bare>
        <Loading label="Starting the console…" />
      </Bare>
    );
  } else if (current === 'boot-failed') {
    screen = (
      <Bare>
        <PageHeading title="The console could not start" />
        <ErrorState message={bootError.value ?? 'Unknown error'} onRetry={() => void boot()} />
      </Bare>
    );
  } else if (current !== 'signed-in') {
    const publicArea = current === 'setup' ? 'setup' : area === 'invite' ? 'invite' : 'sign-in';
    screen = (
      <Bare>
        <AreaView area={publicArea} props={empty} />
      </Bare>
    );
  } else {
    screen = <Layout match={match} />;
  }
  return (
    <>
      {screen}
      <LeaveDialog />
      <Announcer />
    </>
  );
}
