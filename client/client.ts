import { sender, type ClientOptions } from './http';
import type {
  Catalog, CatalogInput, ConversionResult, ConversionView, DecideAnswer, DecideInput, DraftChangesView, ExportFile, ImportView, NewConversion,
  PublishOptions, RollbackOptions, Rule, RuleInput, RuleList, RuleSaved, CatalogSaved, Settings, SettingsInput, VersionView,
} from './types';

// Path segments come from callers (rule ids, version numbers): encoded, so none can reach another route.
const seg = (v: string | number) => encodeURIComponent(String(v));

/**
 * A typed client for Upshift's secret-key API, for a Node backend or a script. Every method
 * resolves with the answer's data or rejects with an `UpshiftError`.
 *
 * @example
 * const upshift = createClient({ url: 'https://upshift.example.com', secretKey: process.env.UPSHIFT_SECRET_KEY! });
 * await upshift.reportConversion({ account: 'acme', type: 'upgrade', mrrDelta: 5000, currency: 'USD', at: new Date().toISOString(), idempotencyKey: 'inv_123' });
 */
export function createClient(options: ClientOptions) {
  const send = sender(options);
  return {
    /** `POST /v1/decide`: what the widget would show this person now, and why. */
    decide: (input: DecideInput) => send<DecideAnswer>('POST', '/v1/decide', input),

    /** `POST /v1/conversions`: reports a revenue change; a repeat of the same `idempotencyKey` stores nothing new. */
    reportConversion: (input: NewConversion) => send<ConversionResult>('POST', '/v1/conversions', input),
    /** `GET /v1/conversions`: the newest first, at most `limit` (default 100). */
    listConversions: async (options: { limit?: number } = {}) =>
      (await send<{ conversions: ConversionView[] }>('GET', `/v1/conversions${options.limit === undefined ? '' : `?limit=${seg(options.limit)}`}`)).conversions,

    /** `GET /v1/rules`: every draft rule. */
    listRules: () => send<RuleList>('GET', '/v1/rules'),
    getRule: async (id: string) => (await send<{ rule: Rule }>('GET', `/v1/rules/${seg(id)}`)).rule,
    /** `PUT /v1/rules/:id`: creates or replaces the draft under the rule's own id. */
    putRule: (rule: RuleInput) => send<RuleSaved>('PUT', `/v1/rules/${seg(rule.id)}`, rule),
    deleteRule: async (id: string) => {
      await send<null>('DELETE', `/v1/rules/${seg(id)}`);
    },

    getCatalog: async () => (await send<{ catalog: Catalog }>('GET', '/v1/catalog')).catalog,
    putCatalog: (catalog: CatalogInput) => send<CatalogSaved>('PUT', '/v1/catalog', catalog),
    getSettings: async () => (await send<{ settings: Settings }>('GET', '/v1/settings')).settings,
    putSettings: async (settings: SettingsInput) => (await send<{ settings: Settings }>('PUT', '/v1/settings', settings)).settings,

    /** `GET /v1/changes`: what publishing the drafts now would change for widgets. */
    changes: () => send<DraftChangesView>('GET', '/v1/changes'),
    /** `POST /v1/publish`: the drafts become a new version, served at once. */
    publish: (options: PublishOptions = {}) => send<VersionView>('POST', '/v1/publish', options),
    /** `GET /v1/versions`: every published version, with who published it and why. */
    versions: async () => (await send<{ versions: VersionView[] }>('GET', '/v1/versions')).versions,
    /** `POST /v1/versions/:n/rollback`: publishes version `n`'s content again as a new version. */
    rollback: (version: number, options: RollbackOptions = {}) => send<VersionView>('POST', `/v1/versions/${seg(version)}/rollback`, options),

    /** `GET /v1/export`: the drafts as one file, the console's export. */
    export: () => send<ExportFile>('GET', '/v1/export'),
    /** `POST /v1/import`: replaces the drafts with the file's (or, with `dryRun`, only answers the diff). */
    import: (file: unknown, options: { dryRun?: boolean } = {}) => send<ImportView>('POST', '/v1/import', { file, dryRun: options.dryRun ?? false }),
  };
}

export type UpshiftClient = ReturnType<typeof createClient>;
