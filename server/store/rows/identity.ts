import type { IdentitySettings } from '../identity-types';

/* A row of `identity_settings` and its mapper, shared by both stores: the columns are the same in SQLite and PostgreSQL. */

export interface IdentityRow {
  required: number;
  unverified_actions: number;
  secret: string;
  previous_secret: string | null;
  previous_expires_at: number | null;
  created_at: number;
  updated_at: number;
}

export const toSettings = (r: IdentityRow): IdentitySettings => ({
  required: r.required === 1,
  unverifiedActions: r.unverified_actions === 1,
  secret: r.secret,
  previousSecret: r.previous_secret,
  previousExpiresAt: r.previous_expires_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
