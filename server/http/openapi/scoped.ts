import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { paths, type Spec } from './operation';

/** An environment-scoped resource: the same routes under `/v1<base>` and under the console. */
export interface ScopedResource {
  base: string;
  tag: string;
  specs: readonly Spec[];
  /** Only the console builds it (e.g. promote, which names a second environment). */
  consoleOnly?: boolean;
  /** Where the console mounts it when that differs from `base` (the Stripe secret). */
  consoleBase?: string;
}

const EnvParam = z.object({ env: z.string().min(1).meta({ description: 'The environment id (`GET /v1/admin/environments` lists them)' }) });

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The console builds the secret-key API's very routes over `sessionAccess` (routes/admin/index.ts):
 * one handler, two ways in. So each is described once and rendered twice: with a secret key at
 * `/v1<base>`, and with a session at `/v1/admin/environments/{env}<base>`, where the environment
 * comes from the path (404 when there is none) and operation ids gain a `console` prefix.
 */
export function scopedPaths(resources: readonly ScopedResource[]): { keyed: ZodOpenApiPathsObject; console: ZodOpenApiPathsObject } {
  const keyed: ZodOpenApiPathsObject = {};
  const console: ZodOpenApiPathsObject = {};
  for (const r of resources) {
    if (!r.consoleOnly) Object.assign(keyed, paths(`/v1${r.base}`, r.tag, 'secret', r.specs));
    const inConsole = r.specs.map(
      (s): Spec => ({
        ...s,
        id: `console${upperFirst(s.id)}`,
        params: { ...s.params, path: s.params?.path ? EnvParam.extend(s.params.path.shape) : EnvParam },
        errors: [...(s.errors ?? []), 404],
      }),
    );
    Object.assign(console, paths(`/v1/admin/environments/{env}${r.consoleBase ?? r.base}`, r.tag, 'session', inConsole));
  }
  return { keyed, console };
}
