import { z } from 'zod';
import { Context } from './context';
import { State } from './state';

/** Body of `POST /v1/decide` (secret key): whom to evaluate the live config for. */
export const DecideRequest = z.object({
  context: Context,
  /** The person's prompt history (dismissals); when omitted, what `GET /v1/state` would answer for them now. */
  state: State.optional(),
  /** Evaluate as of this instant instead of now, e.g. to preview a send time. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type DecideRequest = z.infer<typeof DecideRequest>;
