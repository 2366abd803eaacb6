import { z } from 'zod';
import { DecideAnswer, Health, StripeReceipt } from '../../../shared/schemas/answers';
import { ConversionInput, ConversionResult, ConversionView } from '../../../shared/schemas/conversion';
import { DecideRequest } from '../../../shared/schemas/decide';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { conversionAnswerExample, conversionExample, decideExample } from './examples';
import { paths, type Spec } from './operation';

const StripeSignature = z.object({ 'Stripe-Signature': z.string().meta({ description: 'Stripe’s signature of the raw body' }) });
const stripeEvent = {
  description: 'A Stripe event, exactly as Stripe sends it; read only after its signature checks out.',
  schema: z.looseObject({ id: z.string(), type: z.string(), data: z.looseObject({ object: z.looseObject({}) }) }),
};

/** `/v1/conversions` (secret key). */
export const conversionSpecs: readonly Spec[] = [
  {
    method: 'post',
    path: '',
    id: 'reportConversion',
    summary: 'Report a revenue change',
    description: 'Credited to the account’s last prompt click (else impression) in the attribution window. Idempotent by `idempotencyKey`: 201 the first time, 200 with the stored conversion on a repeat, 409 when the key comes back with different facts.',
    body: { schema: ConversionInput, example: conversionExample },
    ok: { 200: { description: 'Already stored', schema: ConversionResult }, 201: { description: 'Stored and attributed', schema: ConversionResult, example: conversionAnswerExample } },
    errors: [409],
  },
  {
    method: 'get',
    path: '',
    id: 'listConversions',
    summary: 'List conversions, newest first',
    params: { query: z.object({ limit: z.int().min(1).max(500).optional().meta({ description: 'Default 100' }) }) },
    ok: { 200: { description: 'The conversions', schema: z.object({ conversions: z.array(ConversionView) }) } },
    errors: [400],
  },
];

/** `/v1/decide` (secret key). */
export const decideSpecs: readonly Spec[] = [
  {
    method: 'post',
    path: '',
    id: 'decide',
    summary: 'What the widget would show one person',
    description: 'The very evaluation the widget runs, on the live config: the interruptive prompt, the placed prompts and why every rule did or did not show. Without `state`, the person’s stored history is used.',
    body: { schema: DecideRequest, example: decideExample },
    ok: { 200: { description: 'The decision and its reasons', schema: DecideAnswer } },
    errors: [404],
  },
];

/** Routes the host's backend, Stripe and probes call: secret key, Stripe's signature, or nothing. */
export function backendPaths(): ZodOpenApiPathsObject {
  return {
    ...paths('/v1/conversions', 'Conversions', 'secret', conversionSpecs),
    ...paths('/v1/decide', 'Decide', 'secret', decideSpecs),
    ...paths('/v1/webhooks/stripe', 'Stripe', 'stripe', [
      {
        method: 'post',
        path: '',
        id: 'receiveStripeEvent',
        summary: 'Stripe webhook (environment found by its secret)',
        description: 'Subscription events become upgrade, downgrade and churn conversions of the account named by the `upshift_account` metadata.',
        params: { header: StripeSignature },
        body: stripeEvent,
        ok: { 200: { description: 'Received', schema: StripeReceipt } },
        errors: [400, 404, 409, 413],
      },
      {
        method: 'post',
        path: '/{environmentId}',
        id: 'receiveStripeEventFor',
        summary: 'Stripe webhook for one environment',
        params: { path: z.object({ environmentId: z.string().min(1) }), header: StripeSignature },
        body: stripeEvent,
        ok: { 200: { description: 'Received', schema: StripeReceipt } },
        errors: [400, 404, 413],
      },
    ]),
    ...paths('/healthz', 'Health', 'none', [
      { method: 'get', path: '', id: 'health', summary: 'Liveness and database check', ok: { 200: { description: 'Healthy', schema: Health } }, errors: [503] },
    ]),
  };
}
