/** An environment's identity verification: whether tokens are required, and the HS256 secret. Times are epoch ms. */
export interface IdentitySettings {
  required: boolean;
  /** `idsec_…`, kept in the clear because verifying needs it; shown only to secret-key callers. */
  secret: string;
  createdAt: number;
  updatedAt: number;
}
