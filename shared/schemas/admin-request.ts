import { z } from 'zod';
import { ExternalId, Key } from './common';
import { Note } from './event';
import { ActionOrigin } from './trial';

/**
 * Body of `POST /v1/admin-requests`: a person who cannot buy asks their admins for what a live
 * rule offers ("Ask your admin"). The admins hear of it through the `admin.requested` webhook.
 */
export const AdminRequestInput = z
  .object({
    userId: ExternalId,
    accountId: ExternalId,
    ruleId: Key,
    /** The person's role in the host app (the context's `user.role`), passed on to the admins. */
    role: z.string().min(1).max(64).optional(),
    /** What the person wants the admins to know. */
    note: Note.optional(),
    ...ActionOrigin,
  })
  .strict();
export type AdminRequestInput = z.infer<typeof AdminRequestInput>;

/** A request to the admins, as the person who made it sees it. */
export const AdminRequestInfo = z.object({
  id: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type AdminRequestInfo = z.infer<typeof AdminRequestInfo>;

/**
 * Answer of `POST /v1/admin-requests`: 202 with `created: true` when the admins will be notified;
 * 200 with the earlier request and `created: false` when this person asked for this rule within
 * the last 24 hours, and nothing is sent.
 */
export const AdminRequestResult = z.object({ request: AdminRequestInfo, created: z.boolean() });
export type AdminRequestResult = z.infer<typeof AdminRequestResult>;
