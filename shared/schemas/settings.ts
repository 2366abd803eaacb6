import { z } from 'zod';

/** Environment-wide prompt settings, published with the catalog and rules. */
export const Settings = z
  .object({
    /**
     * The global prompt budget: how many different interruptive prompts (banner, toast, modal) one
     * person may be shown per day and per week, across all rules. Defaults: 1 a day, 3 a week.
     * Prompts the person asked for (a locked-feature click) do not spend it.
     */
    budget: z.object({ day: z.number().int().min(0).max(100).optional(), week: z.number().int().min(0).max(500).optional() }).strict().optional(),
    /** Percent of accounts that never see any prompt, to measure overall lift (default 0). */
    holdout: z.number().min(0).max(100).optional(),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;
