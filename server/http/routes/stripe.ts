import { Hono, type Context } from 'hono';
import type { StripeSecretView } from '../../../shared/schemas/answers';
import { ExternalId } from '../../../shared/schemas/common';
import { ACCOUNT_METADATA_KEY, StripeCustomer, StripeEvent, StripeSecretInput, StripeSubscription } from '../../../shared/schemas/stripe';
import { revenueRollup } from '../../services/analytics/revenue-rollup';
import { attributionFor } from '../../services/attribution';
import { ApiError, validationError, methodNotAllowed } from '../errors';
import { jsonBody, parseJsonBody } from '../middleware/json-body';
import { maxBody } from '../middleware/max-body';
import type { ScopedDeps, ScopedEnv } from '../middleware/access';
import type { Store } from '../../store/types';
import { mrrBefore, subscriptionMrr, subscriptionPlan } from '../../services/stripe/mrr';
import { checkStripeSignature, STRIPE_TOLERANCE_SECONDS, type SignatureProblem } from '../../services/stripe/signature';
import { conversionView } from './conversions';

/** Stripe's events can be large (a subscription with many items and expanded objects). */
const MAX_EVENT_BYTES = 512 * 1024;
const SECRET_PREFIX_CHARS = 12;
const SUBSCRIPTION_EVENTS = new Set(['customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted']);
const CUSTOMER_EVENTS = new Set(['customer.created', 'customer.updated']);

const SIGNATURE_MESSAGES: Record<SignatureProblem, string> = {
  missing_signature: 'Send the Stripe-Signature header Stripe signs the event with (t=…,v1=…)',
  invalid_signature: 'No v1 signature in the Stripe-Signature header matches a Stripe signing secret set here',
  stale_timestamp: `The Stripe-Signature timestamp is more than ${STRIPE_TOLERANCE_SECONDS} s from the server's clock`,
};

const webhookPath = (environmentId: string) => `/v1/webhooks/stripe/${environmentId}`;

/**
 * `GET|PUT /v1/webhooks/stripe/secret` (secret key; the console's `stripe-secret`): the
 * environment's Stripe signing secret, shown by its prefix, and the path to give Stripe.
 */
export function stripeSecretRoutes({ store, clock, access, audit }: ScopedDeps) {
  const app = new Hono<ScopedEnv>();
  app.get('/', access('read'), async (c) => {
    const environmentId = c.get('environment').id;
    const secret = await store.getStripeSecret(environmentId);
    return c.json({ stripe: secret === null ? null : { webhookPath: webhookPath(environmentId), secretPrefix: secret.slice(0, SECRET_PREFIX_CHARS) } } satisfies StripeSecretView);
  });
  app.put('/', access('manage'), jsonBody(StripeSecretInput, 'Stripe secret'), async (c) => {
    const environmentId = c.get('environment').id;
    const { secret } = c.req.valid('json');
    // The path without an environment id finds the environment by its secret: each must be its own.
    if ((await store.listStripeSecrets()).some((s) => s.secret === secret && s.environmentId !== environmentId)) {
      throw new ApiError(409, 'stripe_secret_in_use', 'Another environment already has this Stripe signing secret; each Stripe webhook endpoint (and its secret) belongs to one environment');
    }
    const created = await store.putStripeSecret(environmentId, secret, clock());
    await audit(c, { kind: 'secret', action: created ? 'stripe.secret_set' : 'stripe.secret_replaced', environmentId, changes: [{ path: 'secret', after: secret }] });
    return c.json({ stripe: { webhookPath: webhookPath(environmentId), secretPrefix: secret.slice(0, SECRET_PREFIX_CHARS) } } satisfies StripeSecretView, created ? 201 : 200);
  });
  app.all('/', methodNotAllowed('GET', 'PUT'));
  return app;
}

/**
 * `POST /v1/webhooks/stripe/:environmentId` (Stripe's signature, no key):
 * subscription created, updated and deleted events become upgrade, downgrade and churn conversions
 * of the account named by the `upshift_account` metadata of the subscription or, failing that, of
 * its customer (learnt from customer created and updated events).
 */
export function stripeRoutes(store: Store, clock: () => number) {
  const app = new Hono();
  const maxEvent = maxBody(MAX_EVENT_BYTES, `A Stripe event may be at most ${MAX_EVENT_BYTES} bytes`);

  // The environment is the one whose signing secret signed the event; a secret set on several
  // environments cannot tell them apart, and their own paths must be used instead.
  app.post('/', maxEvent, async (c) => {
    const raw = await c.req.text();
    const secrets = await store.listStripeSecrets();
    if (secrets.length === 0) throw new ApiError(404, 'stripe_not_configured', 'No environment has a Stripe signing secret; set one with PUT /v1/webhooks/stripe/secret');
    const header = c.req.header('stripe-signature');
    const checked = secrets.map((s) => ({ ...s, problem: checkStripeSignature(header, raw, s.secret, clock()) }));
    const signed = checked.filter((s) => s.problem === null);
    if (signed.length > 1) {
      throw new ApiError(409, 'ambiguous_environment', 'Several environments have this Stripe signing secret; give Stripe the path with the environment id (GET /v1/webhooks/stripe/secret shows it)');
    }
    if (signed[0]) return applyEvent(c, signed[0].environmentId, raw);
    // A stale timestamp means some environment's secret did sign it: the more useful answer.
    const problem = checked.find((s) => s.problem === 'stale_timestamp')?.problem ?? checked[0]!.problem!;
    throw new ApiError(400, problem, SIGNATURE_MESSAGES[problem]);
  });
  app.all('/', methodNotAllowed('POST'));

  app.post('/:environmentId', maxEvent, async (c) => {
    const environmentId = c.req.param('environmentId');
    const secret = await store.getStripeSecret(environmentId);
    if (secret === null) {
      throw new ApiError(404, 'stripe_not_configured', 'No environment with this id has a Stripe signing secret; set one with PUT /v1/webhooks/stripe/secret');
    }
    const raw = await c.req.text();
    const problem = checkStripeSignature(c.req.header('stripe-signature'), raw, secret, clock());
    if (problem) throw new ApiError(400, problem, SIGNATURE_MESSAGES[problem]);
    return applyEvent(c, environmentId, raw);
  });
  return app;

  /** The account id in `metadata`: undefined when absent, a 400 when it is not an account id. */
  function accountIn(metadata: Record<string, string> | null | undefined, owner: string): string | undefined {
    const account = metadata?.[ACCOUNT_METADATA_KEY];
    if (account !== undefined && !ExternalId.safeParse(account).success) {
      throw new ApiError(400, 'invalid_account', `The ${owner}'s ${ACCOUNT_METADATA_KEY} metadata is not an account id (1-256 characters, no control characters)`);
    }
    return account;
  }

  /** The account of a subscription's customer: from the customer itself when expanded, else as learnt from its events. */
  async function customerAccount(environmentId: string, customer: StripeSubscription['customer']): Promise<string | undefined> {
    if (typeof customer === 'string') return (await store.stripeCustomerAccount(environmentId, customer)) ?? undefined;
    return customer ? accountIn(customer.metadata, 'customer') : undefined;
  }

  /** Turns an authentic Stripe event for `environmentId` into a conversion, or a customer's account mapping. */
  async function applyEvent(c: Context, environmentId: string, raw: string) {
    const event = StripeEvent.safeParse(parseJsonBody(raw));
    if (!event.success) throw validationError(event.error, 'Stripe event');
    c.header('Cache-Control', 'no-store');
    const { id: eventId, type, data } = event.data;
    const at = event.data.created * 1000;
    if (CUSTOMER_EVENTS.has(type)) {
      const customer = StripeCustomer.safeParse(data.object);
      if (!customer.success) throw validationError(customer.error, 'Stripe customer');
      const accountId = accountIn(customer.data.metadata, 'customer') ?? null;
      const applied = await store.putStripeCustomer(environmentId, { eventId, customerId: customer.data.id, accountId, at }, clock());
      return c.json({ received: true, customer: { id: customer.data.id, account: accountId }, applied });
    }
    if (!SUBSCRIPTION_EVENTS.has(type)) return c.json({ received: true, ignored: 'event type' });
    const parsed = StripeSubscription.safeParse(data.object);
    if (!parsed.success) throw validationError(parsed.error, 'Stripe subscription');
    const subscription = parsed.data;
    const account = accountIn(subscription.metadata, 'subscription') ?? (await customerAccount(environmentId, subscription.customer));
    if (account === undefined) return c.json({ received: true, ignored: `no ${ACCOUNT_METADATA_KEY}` });
    const window = await attributionFor(store, environmentId, account, at);
    const { created, conversion } = await store.recordSubscriptionChange(
      environmentId,
      {
        eventId,
        subscriptionId: subscription.id,
        accountId: account,
        mrr: subscriptionMrr(subscription),
        before: mrrBefore(type, subscription, data.previous_attributes),
        deleted: type === 'customer.subscription.deleted',
        currency: subscription.currency.toUpperCase(),
        plan: subscriptionPlan(subscription),
        at,
      },
      window,
      clock(),
      revenueRollup,
    );
    return c.json({ received: true, created, conversion: conversion && conversionView(conversion) });
  }
}
