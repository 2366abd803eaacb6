/** An environment's identity verification: whether tokens are required, and the HS256 secret. Times are epoch ms. */
export interface IdentitySettings {
  required: boolean;
  /** With `required` false: trials and requests to the admins are taken without a token (an explicit opt-out). */
  unverifiedActions: boolean;
  /** `idsec_…`, stored sealed (see `secrets/`) because verifying needs it back; shown only to secret-key callers. */
  secret: string;
  /** The secret rotated away from, still taken until `previousExpiresAt` (epoch ms); null when none is. */
  previousSecret: string | null;
  previousExpiresAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** What `PUT /v1/identity` sets. */
export interface IdentityChoice {
  required: boolean;
  unverifiedActions: boolean;
}
