import type { EnvironmentView } from '../../../shared/schemas/admin';

/**
 * What the frame hands every area's default export. `env` is the environment the URL names
 * (`/admin/env/:envId/...`), or the remembered one on pages that are not environment-scoped;
 * null while there is none. Session, role and helpers come from `model/session` and
 * `model/environments`, not props, so an area reads only what it uses.
 */
export interface AreaProps {
  env: EnvironmentView | null;
  envs: EnvironmentView[];
}

/** A lazily loaded area module: its default export renders the whole page, heading included. */
export interface AreaModule {
  default: (props: AreaProps) => preact.JSX.Element | null;
}
