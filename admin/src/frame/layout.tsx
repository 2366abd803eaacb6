import { useEffect, useId, useState } from 'preact/hooks';
import type { AreaName, Match } from '../areas/registry';
import { defaultEnv, envList, environments, rememberEnv, refreshEnvironments } from '../model/environments';
import { user } from '../model/session';
import { envHref, navigate, path } from '../router';
import { ErrorState, Loading, PageHeading } from '../ui';
import { AreaView } from './area-view';
import { EnvSwitcher } from './env-switcher';
import { Nav } from './nav';
import { PersonMenu } from './person-menu';

/** The signed-in console: header (name, environment, person), navigation, and the page in main. */
export function Layout({ match }: { match: Match }) {
  const navId = useId();
  const [navOpen, setNavOpen] = useState(false);
  useEffect(() => void refreshEnvironments(), []);
  // A narrow screen's folded nav closes once the person has picked a page.
  useEffect(() => setNavOpen(false), [path.value]);

  const area: AreaName | null = match.kind === 'area' ? match.area : null;
  const envs = envList.value;
  const urlEnvId = match.kind === 'area' ? match.envId : null;
  const urlEnv = urlEnvId === null ? null : (envs.find((e) => e.id === urlEnvId) ?? null);
  const env = urlEnvId === null ? defaultEnv.value : urlEnv;
  useEffect(() => {
    if (urlEnv) rememberEnv(urlEnv.id);
  }, [urlEnv?.id]);

  const me = user.value;
  const listReady = environments.data.value !== null;
  const home = defaultEnv.value;
  // `/admin` opens the remembered environment's rules, or the environments page when there is none.
  useEffect(() => {
    if (match.kind === 'home' && listReady) navigate(home ? envHref(home.id, 'rules') : '/admin/environments', { replace: true });
  }, [match.kind, listReady, home?.id]);

  let page;
  if (environments.error.value && !listReady) {
    page = <ErrorState title="Could not load the environments" message={environments.error.value.message} onRetry={() => void refreshEnvironments()} />;
  } else if (match.kind === 'home') {
    page = <Loading label="Loading environments…" />;
  } else if (match.kind !== 'area') {
    page = (
      <>
        <PageHeading title="Page not found" />
        <p>
          There is no console page at <code>{path.value}</code>. <a href="/admin">Go to the start page</a>.
        </p>
      </>
    );
  } else if (urlEnvId !== null && !listReady) {
    page = <Loading label="Loading environments…" />;
  } else if (urlEnvId !== null && !urlEnv) {
    page = (
      <>
        <PageHeading title="Environment not found" />
        <p>
          No environment has the id <code>{urlEnvId}</code>; it may have been deleted. <a href="/admin/environments">See all environments</a>.
        </p>
      </>
    );
  } else {
    // An environment's page is keyed by it: switching starts the page afresh, so no half-edited
    // form of one environment is ever saved into another. A page of the whole installation is not:
    // the first environment made there must not remount it (and drop its secret key, shown once).
    page = <AreaView key={urlEnvId === null ? match.area : `${match.area}:${urlEnvId}`} area={match.area} props={{ env, envs }} />;
  }

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="topbar">
        <button type="button" class="btn nav-toggle" aria-expanded={navOpen} aria-controls={navId} onClick={() => setNavOpen(!navOpen)}>
          Menu
        </button>
        <a class="brand" href="/admin">
          Upshift
        </a>
        <EnvSwitcher envs={envs} current={env} envArea={urlEnvId !== null ? area : null} />
        {me ? <PersonMenu user={me} /> : null}
      </header>
      <div class="body">
        <Nav id={navId} open={navOpen} env={env} active={area} />
        <main id="main" tabIndex={-1}>
          {page}
        </main>
      </div>
    </div>
  );
}
