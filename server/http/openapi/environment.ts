import { z } from 'zod';
import { PromoteInput, PromoteView } from '../../../shared/schemas/admin';
import { AccountsAnswer, PreviewAnswer, ReachAnswer, StripeSecretView } from '../../../shared/schemas/answers';
import { AccountsQuery, PreviewRequest, ReachRequest } from '../../../shared/schemas/customer';
import { IdentityRotateInput, IdentitySettingsInput, IdentitySettingsView } from '../../../shared/schemas/identity';
import { RuleOverview } from '../../../shared/schemas/rule-overview';
import { StripeSecretInput } from '../../../shared/schemas/stripe';
import { WebhookDelivery, WebhookEndpointInput, WebhookEndpointView, WebhookEndpointWithSecret, WebhookSecret } from '../../../shared/schemas/webhook';
import { previewExample, reachExample } from './examples';
import type { ScopedResource } from './scoped';

const Limit = z.object({ limit: z.int().min(1).max(500).optional().meta({ description: 'At most this many, newest first (default 100)' }) });
const DeliveryId = z.object({ id: z.string().min(1).meta({ description: 'A delivery id (its `webhook-id` header)' }) });

/** An environment's identity secret, outgoing webhooks, Stripe secret, customers and reach. */
export const environmentResources: readonly ScopedResource[] = [
  {
    base: '/identity',
    tag: 'Identity',
    specs: [
      { method: 'get', path: '', id: 'getIdentity', summary: 'Get identity verification settings', description: 'A secret key reads the secret back; the console shows it only when it is made.', ok: { 200: { description: 'The settings', schema: IdentitySettingsView } } },
      { method: 'put', path: '', id: 'putIdentity', summary: 'Require identity tokens or not', description: 'Makes the signing secret on the first call and keeps it on later ones.', body: { schema: IdentitySettingsInput, example: { required: true } }, ok: { 200: { description: 'Saved', schema: IdentitySettingsView } } },
      { method: 'post', path: '/rotate', id: 'rotateIdentitySecret', summary: 'Rotate the identity signing secret', description: 'The body is optional: a bare POST stops the old secret at once; `previousValidSeconds` keeps it working that long.', body: { schema: IdentityRotateInput, example: { previousValidSeconds: 3600 }, optional: true }, ok: { 200: { description: 'The new secret', schema: IdentitySettingsView } } },
    ],
  },
  {
    base: '/webhooks',
    tag: 'Webhooks',
    specs: [
      { method: 'get', path: '', id: 'getWebhook', summary: 'Get the webhook endpoint', ok: { 200: { description: 'The endpoint, or null', schema: z.object({ webhook: WebhookEndpointView.nullable() }) } } },
      {
        method: 'put',
        path: '',
        id: 'putWebhook',
        summary: 'Set the webhook endpoint',
        description: 'The signing secret is in the answer when the endpoint is made (and always for a secret key).',
        body: { schema: WebhookEndpointInput, example: { url: 'https://app.acme.com/hooks/upshift', events: ['trial.started'] } },
        ok: { 200: { description: 'Updated', schema: z.object({ webhook: WebhookEndpointView, secret: WebhookSecret.optional() }) }, 201: { description: 'Created', schema: WebhookEndpointWithSecret } },
      },
      { method: 'post', path: '/rotate', id: 'rotateWebhookSecret', summary: 'Rotate the webhook signing secret', ok: { 200: { description: 'The new secret', schema: WebhookEndpointWithSecret } }, errors: [404] },
      { method: 'get', path: '/deliveries', id: 'listWebhookDeliveries', summary: 'List webhook deliveries', params: { query: Limit }, ok: { 200: { description: 'Newest first', schema: z.object({ deliveries: z.array(WebhookDelivery) }) } }, errors: [400] },
      { method: 'post', path: '/test', id: 'sendTestWebhook', summary: 'Send a test webhook', ok: { 202: { description: 'Queued and being sent', schema: z.object({ id: z.string() }) } }, errors: [404] },
      { method: 'post', path: '/deliveries/{id}/resend', id: 'resendWebhookDelivery', summary: 'Send a failed delivery again', params: { path: DeliveryId }, ok: { 202: { description: 'Queued again', schema: z.object({ delivery: WebhookDelivery }) } }, errors: [404, 409] },
    ],
  },
  {
    base: '/webhooks/stripe/secret',
    consoleBase: '/stripe-secret',
    tag: 'Stripe',
    specs: [
      { method: 'get', path: '', id: 'getStripeSecret', summary: 'Get the Stripe webhook set-up', ok: { 200: { description: 'Where Stripe should post, or null', schema: StripeSecretView } } },
      { method: 'put', path: '', id: 'putStripeSecret', summary: 'Set the Stripe signing secret', body: { schema: StripeSecretInput, example: { secret: 'whsec_5Yd0ExampleExampleExample' } }, ok: { 200: { description: 'Replaced', schema: StripeSecretView }, 201: { description: 'Set', schema: StripeSecretView } }, errors: [409] },
    ],
  },
  {
    base: '/rule-overview',
    tag: 'Rules',
    specs: [{ method: 'get', path: '', id: 'getRuleOverview', summary: 'Every rule with its state and last week’s numbers', ok: { 200: { description: 'The overview', schema: RuleOverview } } }],
  },
  {
    base: '/accounts',
    tag: 'Customers',
    specs: [{ method: 'get', path: '', id: 'listAccounts', summary: 'Accounts seen lately', params: { query: AccountsQuery }, ok: { 200: { description: 'Newest first', schema: AccountsAnswer } }, errors: [400] }],
  },
  {
    base: '/preview',
    tag: 'Customers',
    specs: [{ method: 'post', path: '', id: 'previewCustomer', summary: 'Preview as a customer', description: 'What the drafts and the live config would show one account (by id) or one context.', body: { schema: PreviewRequest, example: previewExample }, ok: { 200: { description: 'Both decisions and the template variables', schema: PreviewAnswer } }, errors: [404] }],
  },
  {
    base: '/reach',
    tag: 'Customers',
    specs: [{ method: 'post', path: '', id: 'estimateReach', summary: 'How many accounts a rule would reach', body: { schema: ReachRequest, example: reachExample }, ok: { 200: { description: 'Counts over accounts seen in the last 30 days', schema: ReachAnswer } } }],
  },
  {
    base: '/promote',
    tag: 'Transfer',
    consoleOnly: true,
    specs: [{ method: 'post', path: '', id: 'promoteDrafts', summary: 'Copy the drafts into another environment', body: { schema: PromoteInput, example: { to: 'env_production', dryRun: true } }, ok: { 200: { description: 'What changed, or would change', schema: PromoteView } }, errors: [404, 409, 422] }],
  },
];
