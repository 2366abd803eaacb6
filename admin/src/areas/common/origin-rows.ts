import { computed, signal } from '@preact/signals';
import { originProblem } from './origin-rule';

export interface OriginRow {
  /** A key that stays with the row while rows before it are removed, so focus and errors stay put. */
  id: number;
  value: string;
}

let nextRow = 1;
const toRows = (origins: readonly string[]): OriginRow[] => origins.map((value) => ({ id: nextRow++, value }));

/** The rows of an allowed-origins editor: one origin a row, each checked as it is typed. */
export function createOriginRows(initial: readonly string[]) {
  const rows = signal<OriginRow[]>(toRows(initial));
  /** The plain check per row; the server's `allowedOrigins.N` errors are shown in its place after a save. */
  const problems = computed(() => rows.value.map((r) => originProblem(r.value)));
  return {
    rows,
    problems,
    /** The origins to send, in row order (blank rows included, so `allowedOrigins.N` names row N). */
    values: () => rows.value.map((r) => r.value.trim()),
    add() {
      rows.value = [...rows.value, { id: nextRow++, value: '' }];
    },
    remove(id: number) {
      rows.value = rows.value.filter((r) => r.id !== id);
    },
    edit(id: number, value: string) {
      rows.value = rows.value.map((r) => (r.id === id ? { ...r, value } : r));
    },
    replace(origins: readonly string[]) {
      rows.value = toRows(origins);
    },
  };
}
export type OriginRows = ReturnType<typeof createOriginRows>;
