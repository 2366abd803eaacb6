import { initial } from './0001_initial';
import { drafts } from './0002_drafts';
import { usageSnapshots } from './0003_usage_snapshots';
import { draftSettings } from './0004_draft_settings';
import { trials } from './0005_trials';
import { webhooks } from './0006_webhooks';
import { adminRequests } from './0007_admin_requests';
import { declineReasons } from './0008_decline_reasons';
import { conversions } from './0009_conversions';
import { identity } from './0010_identity';
import { eventRollups } from './0011_event_rollups';
import { conversionHoldout } from './0012_conversion_holdout';
import { stripeEvents } from './0013_stripe_events';
import { identityPreviousSecret } from './0014_identity_previous_secret';
import { unverifiedActions } from './0015_unverified_actions';
import { workspaces } from './0016_workspaces';
import { versionNotes } from './0017_version_notes';
import { accountSightings } from './0018_account_sightings';
import { exposures } from './0019_exposures';
import { funnel } from './0022_funnel';
import { mrrMovements } from './0020_mrr_movements';
import { readiness } from './0021_readiness';
import { accountTraits } from './0023_account_traits';
import { funnelMonthly } from './0024_funnel_monthly';
import { readinessCsv } from './0026_readiness_csv';
import { deliveryClaims } from './0027_delivery_claims';

/** A schema change. Versions are applied in order, once, each in its own transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, oldest first. Append only: never edit one that has shipped. */
export const migrations: readonly Migration[] = [initial, drafts, usageSnapshots, draftSettings, trials, webhooks, adminRequests, declineReasons, conversions, identity, eventRollups, conversionHoldout, stripeEvents, identityPreviousSecret, unverifiedActions, workspaces, versionNotes, accountSightings, exposures, mrrMovements, readiness, funnel, accountTraits, funnelMonthly, readinessCsv, deliveryClaims];
