import { count, pct, ratio } from '../format';

interface Props {
  caption: string;
  /** The first column's heading: what each row is ("Reason"). */
  keyLabel: string;
  /** What is counted ("Declines"). */
  countLabel: string;
  rows: readonly { label: string; count: number }[];
}

/** A single-series bar chart's table: each bar's label, its count and its share of all. */
export function CountTable({ caption, keyLabel, countLabel, rows }: Props) {
  const total = rows.reduce((t, r) => t + r.count, 0);
  return (
    <table class="table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{keyLabel}</th>
          <th scope="col" class="num">
            {countLabel}
          </th>
          <th scope="col" class="num">
            Share
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td class="num">{count(r.count)}</td>
            <td class="num">{pct(ratio(r.count, total))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
