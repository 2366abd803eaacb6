import type { Context } from 'hono';
import type { Actor, Change } from '../../shared/schemas/admin';
import { diffJson } from '../../shared/diff';
import type { Logger } from '../http/errors';
import { clientAddress } from '../http/middleware/rate-limit';
import type { NewAuditRecord, WorkspaceStore } from '../store/workspace-types';

/** Shown instead of any secret in the audit log. */
export const MASK = '••••••';
/** Fields whose values are secrets wherever they appear. */
const SECRET_FIELD = /secret|password|token|hash/i;
/** Values that are secrets whatever field holds them: secret keys, webhook, identity and Stripe secrets. */
const SECRET_VALUE = /^(sk_|whsec_|idsec_|rk_)/;
/** Changes kept per entry; a publish of a large catalog is summarised past it. */
const MAX_CHANGES = 200;

/** A URL's `user:password@`, which a webhook URL may carry, masked; any other text as it is. */
export function withoutCredentials(value: string): string {
  if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) return value;
  const url = new URL(value);
  if (!url.username && !url.password) return value;
  return `${url.protocol}//${MASK}@${url.host}${url.pathname}${url.search}${url.hash}`;
}

function masked(value: unknown, secretField: boolean): unknown {
  if (value === undefined || value === null) return value;
  if (secretField) return MASK;
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? MASK : withoutCredentials(value);
  if (Array.isArray(value)) return value.map((v) => masked(v, false));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, SECRET_FIELD.test(k))]));
  return value;
}

/** The changes with every secret replaced by `MASK`, by field name or by the value's own shape. */
export function maskChanges(changes: readonly Change[]): Change[] {
  return changes.map((c) => {
    const secretField = SECRET_FIELD.test(c.path.split('.').pop() ?? '');
    const out: Change = { path: c.path };
    if ('before' in c) out.before = masked(c.before, secretField);
    if ('after' in c) out.after = masked(c.after, secretField);
    return out;
  });
}

export type ActorEnv = { Variables: { actor: Actor } };

export interface AuditInput {
  kind: string;
  action: string;
  environmentId?: string | null;
  target?: string | null;
  /** Diffed into changes (secrets masked); or give `changes` directly. */
  before?: unknown;
  after?: unknown;
  changes?: Change[];
  /** Who, when the request has no actor yet (sign-in, failed sign-in). */
  actor?: Actor;
}

export type Auditor = (c: Context, entry: AuditInput) => Promise<void>;

/**
 * Records one mutation: who (the request's actor: a person or a named secret key), when, what,
 * from which address, and a before/after diff with secrets masked. The log is append-only in the
 * store itself. A failure to record is logged and does not undo the change it describes.
 */
export function auditor(store: Pick<WorkspaceStore, 'appendAudit'>, clock: () => number, trustProxy: boolean, logger: Logger): Auditor {
  return async (c, entry) => {
    const actor = entry.actor ?? (c.get('actor') as Actor | undefined) ?? { type: 'anonymous', id: null, label: 'anonymous' };
    const changes = maskChanges(entry.changes ?? diffJson(entry.before, entry.after));
    const record: NewAuditRecord = {
      at: clock(),
      actor,
      environmentId: entry.environmentId ?? null,
      kind: entry.kind,
      action: entry.action,
      target: entry.target ?? null,
      changes: changes.length > MAX_CHANGES ? [...changes.slice(0, MAX_CHANGES), { path: '…', after: `${changes.length - MAX_CHANGES} more changes` }] : changes,
      ip: clientAddress(c, trustProxy),
    };
    try {
      await store.appendAudit(record);
    } catch (e) {
      logger.error('audit entry not recorded', { action: entry.action, error: e instanceof Error ? e.message : String(e) });
    }
  };
}
