import { chiSquareSf } from './distributions';

/**
 * gbstats' `check_srm` (packages/stats/gbstats/utils.py): Pearson's chi-square of the observed
 * units per arm against the split `weights` (any scale), with (arms − 1) degrees of freedom. Arms
 * with no weight are left out of the statistic but still count toward the degrees of freedom, as
 * in gbstats. 1 when nothing was observed.
 */
export function checkSrm(users: readonly number[], weights: readonly number[]): number {
  let total = 0;
  for (const u of users) total += u;
  if (!total) return 1;
  let totalWeight = 0;
  for (const w of weights) totalWeight += w;
  let x = 0;
  users.forEach((o, i) => {
    const w = weights[i] ?? 0;
    if (w <= 0) return;
    const e = (w / totalWeight) * total;
    x += (o - e) ** 2 / e;
  });
  return chiSquareSf(x, users.length - 1);
}
