import type { AreaModule } from './types';

/**
 * Every page of the console and how to load it. Each `import()` is its own chunk, fetched the first
 * time someone navigates there; nothing here is in the initial bundle except these few lines.
 */
export const AREAS = {
  rules: { title: 'Rules', scope: 'env', load: () => import('./rules/index') },
  catalog: { title: 'Catalog', scope: 'env', load: () => import('./catalog/index') },
  analytics: { title: 'Analytics', scope: 'env', load: () => import('./analytics/index') },
  settings: { title: 'Settings', scope: 'env', load: () => import('./settings/index') },
  environments: { title: 'Environments', scope: 'global', load: () => import('./environments/index') },
  people: { title: 'People', scope: 'global', load: () => import('./people/index') },
  audit: { title: 'Audit log', scope: 'global', load: () => import('./audit/index') },
  account: { title: 'Account', scope: 'global', load: () => import('./account/index') },
  'sign-in': { title: 'Sign in', scope: 'public', load: () => import('./sign-in/index') },
  setup: { title: 'Set up Upshift', scope: 'public', load: () => import('./setup/index') },
  invite: { title: 'Accept invitation', scope: 'public', load: () => import('./invite/index') },
} as const satisfies Record<string, { title: string; scope: 'env' | 'global' | 'public'; load: () => Promise<AreaModule> }>;

export type AreaName = keyof typeof AREAS;

/** What a URL names: an area (with its environment, for environment pages), the start page, or nothing. */
export type Match = { kind: 'area'; area: AreaName; envId: string | null } | { kind: 'home' } | { kind: 'not-found' };

const isArea = (s: string | undefined): s is AreaName => s !== undefined && Object.hasOwn(AREAS, s);

/** Reads `/admin/...` paths: `/admin/env/:envId/<env area>`, `/admin/<other area>`, `/admin`. */
export function matchPath(pathname: string): Match {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(1);
  if (parts[0] !== 'admin') return { kind: 'not-found' };
  if (parts.length === 1) return { kind: 'home' };
  if (parts[1] === 'env' && parts.length === 4 && parts[2]) {
    const area = parts[3];
    if (isArea(area) && AREAS[area].scope === 'env') return { kind: 'area', area, envId: decodeURIComponent(parts[2]) };
    return { kind: 'not-found' };
  }
  const area = parts[1];
  if (parts.length === 2 && isArea(area) && AREAS[area].scope !== 'env') return { kind: 'area', area, envId: null };
  return { kind: 'not-found' };
}

const loaded = new Map<AreaName, AreaModule>();

/** The area's module: at once when it was loaded before, else fetched (and kept). */
export function cachedArea(name: AreaName): AreaModule | undefined {
  return loaded.get(name);
}

export async function loadArea(name: AreaName): Promise<AreaModule> {
  const mod = (await AREAS[name].load()) as AreaModule;
  loaded.set(name, mod);
  return mod;
}
