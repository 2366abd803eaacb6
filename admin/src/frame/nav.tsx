import type { EnvironmentView } from '../../../shared/schemas/admin';
import { AREAS, type AreaName } from '../areas/registry';
import { envHref } from '../router';

const ENV_AREAS = ['rules', 'catalog', 'analytics', 'settings'] as const satisfies readonly AreaName[];
const GLOBAL_AREAS = ['environments', 'people', 'audit'] as const satisfies readonly AreaName[];

interface Props {
  id: string;
  open: boolean;
  env: EnvironmentView | null;
  active: AreaName | null;
}

/** The console's sections: the current environment's pages, then those of the whole installation. */
export function Nav({ id, open, env, active }: Props) {
  const link = (area: AreaName, href: string) => (
    <li key={area}>
      <a href={href} aria-current={active === area ? 'page' : undefined}>
        {AREAS[area].title}
      </a>
    </li>
  );
  return (
    <nav id={id} class={open ? 'sidenav open' : 'sidenav'} aria-label="Console">
      {env ? (
        <>
          <p class="nav-group" id={`${id}-env`}>
            {env.name}
          </p>
          <ul aria-labelledby={`${id}-env`}>{ENV_AREAS.map((a) => link(a, envHref(env.id, a)))}</ul>
        </>
      ) : null}
      <p class="nav-group" id={`${id}-all`}>
        All environments
      </p>
      <ul aria-labelledby={`${id}-all`}>{GLOBAL_AREAS.map((a) => link(a, `/admin/${a}`))}</ul>
    </nav>
  );
}
