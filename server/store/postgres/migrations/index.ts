import type { PgMigration } from '../migrate';
import { initial } from './0001_initial';
import { deliveryClaims } from './0002_delivery_claims';
import { droppedCount } from './0004_dropped_count';

/** PostgreSQL's migrations, oldest first. Versions are this dialect's own. */
export const migrations: readonly PgMigration[] = [initial, deliveryClaims, droppedCount];
