import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { oas31 } from 'zod-openapi';
import { buildDocument } from '../../server/http/openapi';
import { analyticsResources } from '../../server/http/openapi/analytics';
import { conversionSpecs, decideSpecs } from '../../server/http/openapi/backend';
import { environmentResources } from '../../server/http/openapi/environment';
import { contextExample, conversionExample, eventsExample, stateExample } from '../../server/http/openapi/examples';
import type { Spec } from '../../server/http/openapi/operation';
import { rulesAsCode } from '../../server/http/openapi/rules-as-code';
import { widgetSpecs } from '../../server/http/openapi/widget';
import { exampleCatalog, exampleRules } from '../../shared/examples';
import { BASE } from '../helpers/http';
import { operations, validatorOf } from './openapi-helpers';
import { APP_ORIGIN, createTestApp, type TestApp } from '../helpers/test-app';

/** Every route table's specs by operation id: the zod schemas the document was generated from. */
const specs = new Map<string, Spec>(
  [...rulesAsCode, ...environmentResources, ...analyticsResources]
    .flatMap((r) => r.specs)
    .concat(Object.values(widgetSpecs).flat(), conversionSpecs, decideSpecs)
    .map((s) => [s.id, s]),
);

function documented(id: string, status: number): z.ZodType {
  const schema = specs.get(id)?.ok[status as 200]?.schema;
  if (!schema) throw new Error(`${id} documents no ${status} body`);
  return schema;
}

const doc = buildDocument('0.0.0');

/** The document's own schema for an answer (see `validatorOf`). */
function fromDocument(id: string, status: number): z.ZodType {
  const op = operations(doc).find((o) => o.op.operationId === id)?.op;
  const media = (op?.responses?.[String(status)] as oas31.ResponseObject | undefined)?.content?.['application/json'];
  if (!media?.schema) throw new Error(`The document gives ${id} no ${status} schema`);
  return validatorOf(doc, media.schema);
}

type Call = [id: string, method: string, path: string, body?: unknown];

/**
 * A representative set of successful answers, in an order that gives each something to say
 * (the walkthrough published, events and a conversion recorded before the reads that count them).
 */
const CALLS: Call[] = [
  ['putCatalog', 'PUT', '/v1/catalog', exampleCatalog],
  ['putRule', 'PUT', '/v1/rules/api-calls-ladder', exampleRules[0]],
  ['putRule', 'PUT', '/v1/rules/automations-trial', exampleRules[1]],
  ['listRules', 'GET', '/v1/rules'],
  ['getRule', 'GET', '/v1/rules/api-calls-ladder'],
  ['getDraftChanges', 'GET', '/v1/changes'],
  ['publish', 'POST', '/v1/publish', { note: 'The walkthrough' }],
  ['listVersions', 'GET', '/v1/versions'],
  ['getVersion', 'GET', '/v1/versions/2'],
  ['getVersionChanges', 'GET', '/v1/versions/1/changes'],
  ['getConfig', 'GET', '/v1/config'],
  ['postState', 'POST', '/v1/state', stateExample],
  ['getState', 'GET', '/v1/state?user=user_8412&account=acct_globex&plan=starter'],
  ['postEvents', 'POST', '/v1/events', eventsExample],
  ['decide', 'POST', '/v1/decide', { context: contextExample }],
  ['reportConversion', 'POST', '/v1/conversions', conversionExample],
  ['listConversions', 'GET', '/v1/conversions'],
  ['getFunnel', 'GET', '/v1/analytics/funnel'],
  ['getDeclines', 'GET', '/v1/analytics/declines'],
  ['getExperiments', 'GET', '/v1/analytics/experiments'],
  ['getRevenue', 'GET', '/v1/analytics/revenue'],
  ['getReadiness', 'GET', '/v1/analytics/readiness'],
  ['getRuleOverview', 'GET', '/v1/rule-overview'],
  ['listAccounts', 'GET', '/v1/accounts'],
  ['previewCustomer', 'POST', '/v1/preview', { accountId: 'acct_globex' }],
  ['estimateReach', 'POST', '/v1/reach', { rule: exampleRules[0] }],
  ['getSettings', 'GET', '/v1/settings'],
  ['getIdentity', 'GET', '/v1/identity'],
  ['getWebhook', 'GET', '/v1/webhooks'],
  ['listWebhookDeliveries', 'GET', '/v1/webhooks/deliveries'],
  ['getStripeSecret', 'GET', '/v1/webhooks/stripe/secret'],
  ['exportDrafts', 'GET', '/v1/export'],
];

describe('real answers parse with the schemas the document describes them by', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  it('covers both kinds of key and every area named in the brief', () => {
    const ids = new Set(CALLS.map(([id]) => id));
    for (const id of ['getConfig', 'postState', 'postEvents', 'listRules', 'listVersions', 'decide', 'reportConversion', 'listConversions', 'getFunnel']) expect(ids).toContain(id);
  });

  const send = (id: string, method: string, path: string, body?: unknown) => {
    const widget = Object.values(widgetSpecs).flat().some((s) => s.id === id);
    const headers: Record<string, string> = widget ? { 'X-Upshift-Key': t.key, Origin: APP_ORIGIN } : { Authorization: `Bearer ${t.secretKey}` };
    return t.app.request(`${BASE}${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  };

  // One test per call, run in order (vitest runs a file's tests one after another): each may rely on those before it.
  it.each(CALLS.map((c) => [`${c[0]} (${c[1]} ${c[2]})`, c] as const))('%s', async (_, [id, method, path, body]) => {
    const res = await send(id, method, path, body);
    const text = await res.text();
    expect(res.status, text).toBeLessThan(300);
    const parsed = documented(id, res.status).safeParse(JSON.parse(text));
    expect(parsed.success ? [] : parsed.error.issues.slice(0, 5), text.slice(0, 400)).toEqual([]);
    const asDocumented = fromDocument(id, res.status).safeParse(JSON.parse(text));
    expect(asDocumented.success ? [] : asDocumented.error.issues.slice(0, 5), text.slice(0, 400)).toEqual([]);
  });

  it('checks a decision that shows a prompt, so the documented prompt shape is checked too', async () => {
    // 8,700 of 10,000 API calls on Starter: the ladder's 85 % tier, as the walkthrough's rule says.
    const res = await send('decide', 'POST', '/v1/decide', { context: contextExample });
    const answer = documented('decide', 200).parse(await res.json()) as { prompt: { ruleId: string; tier?: string } | null };
    expect(answer.prompt).toMatchObject({ ruleId: 'api-calls-ladder', tier: 'p85' });
  });
});
