import type { PgExposureHooks, PgFunnelHooks, PgWebhookHooks } from './hooks';

// STAND-INS until h-analytics's funnel and exposure hooks and h-money's webhook enqueue land: they
// write nothing, so on PostgreSQL the funnel, exposure cohorts and outbox stay empty meanwhile.
// The lead replaces these three with the real ones in store.ts, then deletes this file.

export const noFunnelHooks: PgFunnelHooks = {
  async events() {},
  async action() {},
  async conversion() {},
};

export const noExposureHooks: PgExposureHooks = {
  async exposed() {},
  async converted() {},
};

export const noWebhookHooks: PgWebhookHooks = {
  async enqueue() {
    return false;
  },
};
