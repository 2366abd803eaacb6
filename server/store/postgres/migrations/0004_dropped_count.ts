import type { PgMigration } from '../migrate';

/**
 * How many events a widget's `dropped` report stands for, read from its stored props as SQLite's
 * roll-up reads them (`MAX(1, CAST(json_extract(props, '$.count') AS INTEGER))`): never NULL or
 * below 1, and 1 for props that are not JSON at all, so one bad row cannot stop every later
 * roll-up. PostgreSQL 15 (Debian's) has no `IS JSON` to test text first, hence the handler.
 */
export const droppedCount: PgMigration = {
  version: 4,
  name: 'dropped_count',
  sql: `
CREATE FUNCTION upshift_dropped_count(props TEXT) RETURNS BIGINT LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN GREATEST(1, COALESCE(trunc((props::jsonb ->> 'count')::numeric)::bigint, 1));
EXCEPTION WHEN others THEN
  RETURN 1;
END
$$;
`,
};
