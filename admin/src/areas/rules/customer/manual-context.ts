import type { Context } from '../../../../../shared/schemas/context';

/** One metric row of the hand-filled form: its id, usage and (optional) limit, as typed. */
export interface MetricRow {
  metric: string;
  usage: string;
  limit: string;
}

/** The hand-filled form's text fields, as typed. */
export type ManualFields = {
  accountId: string;
  plan: string;
  createdAt: string;
  locale: string;
  health: string;
  openTickets: string;
  traits: string;
};

/** A number when the text is one; otherwise the text itself, so the server names the field it cannot read. */
const num = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

/** `key=value` lines: numbers, `true`/`false` and `null` as such, anything else as text. */
export function parseTraits(text: string): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (!line.trim()) continue;
    const key = (eq < 0 ? line : line.slice(0, eq)).trim();
    const raw = eq < 0 ? '' : line.slice(eq + 1).trim();
    out[key] = raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : typeof num(raw) === 'number' ? Number(raw) : raw;
  }
  return out;
}

/** The context the form describes. Empty fields are left out; what the server refuses comes back at its field. */
export function contextOf(f: ManualFields, rows: readonly MetricRow[]): Context {
  const usage: Record<string, number | string> = {};
  const limits: Record<string, number | string> = {};
  for (const r of rows) {
    if (!r.metric.trim()) continue;
    if (r.usage.trim()) usage[r.metric.trim()] = num(r.usage);
    if (r.limit.trim()) limits[r.metric.trim()] = num(r.limit);
  }
  const traits = parseTraits(f.traits);
  const account = {
    id: f.accountId.trim() || 'preview-account',
    plan: f.plan.trim(),
    ...(f.createdAt.trim() && { createdAt: f.createdAt.trim() }),
    ...(f.health.trim() && { health: num(f.health) }),
    ...(f.openTickets.trim() && { openTickets: num(f.openTickets) }),
    ...(Object.keys(traits).length && { traits }),
  };
  // Typed loosely on purpose: the server, not the console, decides what is valid.
  return {
    user: { id: 'preview-user', ...(f.locale.trim() && { locale: f.locale.trim() }) },
    account,
    usage,
    ...(Object.keys(limits).length && { limits }),
  } as unknown as Context;
}

/** The form's fields from a context (the one previewed last), so the form starts from real numbers. */
export function fieldsOf(c: Context): { fields: ManualFields; rows: MetricRow[] } {
  const metrics = [...new Set([...Object.keys(c.usage ?? {}), ...Object.keys(c.limits ?? {})])];
  return {
    fields: {
      accountId: c.account.id,
      plan: c.account.plan,
      createdAt: c.account.createdAt ?? '',
      locale: c.user.locale ?? '',
      health: c.account.health === undefined ? '' : String(c.account.health),
      openTickets: c.account.openTickets === undefined ? '' : String(c.account.openTickets),
      traits: Object.entries(c.account.traits ?? {})
        .map(([k, v]) => `${k}=${String(v)}`)
        .join('\n'),
    },
    rows: (metrics.length ? metrics : ['']).map((m) => ({ metric: m, usage: c.usage?.[m] === undefined ? '' : String(c.usage[m]), limit: c.limits?.[m] === undefined ? '' : String(c.limits[m]) })),
  };
}

const FIELD_OF: Record<string, keyof ManualFields> = {
  'context.account.id': 'accountId',
  'context.account.plan': 'plan',
  'context.account.createdAt': 'createdAt',
  'context.user.locale': 'locale',
  'context.account.health': 'health',
  'context.account.openTickets': 'openTickets',
};

/** Where a server path shows in the form: a field name, `usage:<metric>` / `limits:<metric>` for a row, or null for the form itself. */
export function fieldOfPath(path: string): string | null {
  if (Object.hasOwn(FIELD_OF, path)) return FIELD_OF[path]!;
  if (path.startsWith('context.account.traits')) return 'traits';
  const m = /^context\.(usage|limits)\.(.+)$/.exec(path);
  return m ? `${m[1]}:${m[2]}` : null;
}
