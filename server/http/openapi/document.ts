import { createDocument, type oas31 } from 'zod-openapi';
import { ApiErrorBody } from '../../../shared/schemas/error';
import { Catalog } from '../../../shared/schemas/catalog';
import { Config } from '../../../shared/schemas/config';
import { Context } from '../../../shared/schemas/context';
import { Rule } from '../../../shared/schemas/rule';
import { Settings } from '../../../shared/schemas/settings';
import { State } from '../../../shared/schemas/state';
import { VersionView } from '../../../shared/schemas/publishing';
import { analyticsResources } from './analytics';
import { ConditionSchema, renderConditions } from './condition';
import { backendPaths } from './backend';
import { consolePaths } from './console';
import { environmentResources } from './environment';
import { mergePaths } from './operation';
import { pagePaths } from './pages';
import { rulesAsCode } from './rules-as-code';
import { scopedPaths } from './scoped';
import { specPaths } from './self';
import { widgetPaths } from './widget';

/** A 400 as the events route answers it: every problem at its field path. */
const ERROR_EXAMPLE = {
  error: {
    code: 'invalid_request',
    message: 'Invalid event batch at "events.0.type": Invalid discriminator value. Expected \'impression\' | \'click\' | \'dismiss\' | \'snooze\' | \'decline\' | \'track\' | \'dropped\' | \'exposure\'',
    details: {
      issues: [{ path: 'events.0.type', code: 'invalid_union', message: 'Invalid discriminator value. Expected \'impression\' | \'click\' | \'dismiss\' | \'snooze\' | \'decline\' | \'track\' | \'dropped\' | \'exposure\'' }],
    },
  },
};

const DESCRIPTION = [
  'Upshift’s HTTP API. Every error answers `{"error":{"code","message","details"}}`; a 400 for invalid input lists each problem in `details.issues` with its field path.',
  'Keys: the widget sends the publishable key (`pk_…`) from the environment’s allowed origins; servers send a secret key (`sk_…`) as a bearer token, never from a browser.',
  'The console’s routes (`/v1/admin/…`) take a session cookie from sign-in, and every change also the `X-CSRF-Token` header; its environment-scoped routes are the secret-key routes’ own handlers.',
].join('\n\n');

/** The whole document, generated from the zod schemas in `shared/schemas/` the routes validate with. */
export function buildDocument(version: string): oas31.OpenAPIObject {
  const scoped = scopedPaths([...rulesAsCode, ...environmentResources, ...analyticsResources]);
  return createDocument(
    {
      openapi: '3.1.0',
      info: { title: 'Upshift API', version, description: DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
      servers: [{ url: '/' }],
      paths: mergePaths(widgetPaths(), backendPaths(), scoped.keyed, consolePaths(), scoped.console, specPaths(), pagePaths()),
      components: {
        // Named once and referred to wherever they appear, so readers and generated clients see one type.
        schemas: { Condition: ConditionSchema, Rule, Catalog, Settings, Config, Context, State, VersionView, Error: ApiErrorBody },
        responses: {
          Error: { description: 'The request failed; `error.code` says why (the status alone does not).', content: { 'application/json': { schema: ApiErrorBody, example: ERROR_EXAMPLE } } },
        },
        securitySchemes: {
          publishableKey: { type: 'apiKey', in: 'header', name: 'X-Upshift-Key', description: 'The publishable key (`pk_…`), from an allowed origin.' },
          publishableKeyQuery: { type: 'apiKey', in: 'query', name: 'key', description: 'The publishable key in the query, for requests that cannot set headers.' },
          secretKey: { type: 'http', scheme: 'bearer', bearerFormat: 'sk_…', description: 'A secret key (`Authorization: Bearer sk_…`); server to server only.' },
          session: { type: 'apiKey', in: 'cookie', name: 'upshift_session', description: 'The console session cookie from sign-in (`__Host-upshift_session` over https).' },
          csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'The CSRF token from sign-in or `GET /v1/admin/me`; every console change needs it.' },
        },
      },
      tags: [
        { name: 'Widget', description: 'What upshift.js calls with the publishable key' },
        { name: 'Conversions', description: 'Revenue changes from the host’s backend' },
        { name: 'Decide', description: 'Server-side evaluation' },
        { name: 'Rules', description: 'Draft rules (rules as code)' },
        { name: 'Catalog', description: 'Metrics, features, plans and add-ons' },
        { name: 'Settings', description: 'Budget, theme, attribution and more' },
        { name: 'Versions', description: 'Publishing, versions and rollback' },
        { name: 'Transfer', description: 'Export, import and promote' },
        { name: 'Analytics', description: 'The scoreboard' },
        { name: 'Identity', description: 'Identity verification' },
        { name: 'Webhooks', description: 'Outgoing webhooks' },
        { name: 'Stripe', description: 'Stripe webhooks in' },
        { name: 'Customers', description: 'Accounts, preview and reach' },
        { name: 'Console', description: 'Sign-in, people, environments and the audit log' },
        { name: 'Health', description: 'Probes' },
        { name: 'Meta', description: 'This document' },
        { name: 'Pages', description: 'The widget’s files and the pages this server ships' },
      ],
    },
    // Responses are rendered as what the server sends and requests as what it takes (`RuleOutput` beside `Rule`
    // where defaults differ). `z.custom` renders empty until `renderConditions` gives it its shape.
    { override: renderConditions, allowEmptySchema: { custom: true } },
  );
}
