import type { PgRevenueWriter } from './conversion-rows';
import type { PgExposureHooks, PgFunnelHooks } from './hooks';

/**
 * TEMPORARY stand-ins for the writers conversions, event ingest, trials and admin requests call,
 * until the PostgreSQL funnel, exposure and revenue modules (other branches of issue 17) are
 * composed in `store.ts`: each writes nothing. The lead replaces these with the real
 * `PgFunnelHooks`, `PgExposureHooks` and `revenueWriter` at merge, then deletes this file.
 */
export const pendingFunnel: PgFunnelHooks = {
  async events() {},
  async action() {},
  async conversion() {},
};
export const pendingExposure: PgExposureHooks = {
  async exposed() {},
  async converted() {},
};
export const pendingRevenue: PgRevenueWriter = async () => {};
