import { signal, type Signal } from '@preact/signals';
import type { AddOn, Catalog, Feature, Metric, Plan } from '../../../../shared/schemas/catalog';

/**
 * The catalog being edited, as the JSON it will be sent as. Edits change it in place and bump
 * `version`, which every form part reads: objects keep their identity, so rows keep their keys
 * (and focus) while other rows are added and removed, and the JSON view shows exactly this object.
 */
export interface Draft {
  catalog: Catalog;
  version: Signal<number>;
  /** Runs an edit on the catalog and re-renders what reads it. */
  edit: (f: (c: Catalog) => void) => void;
  /** Replaces the whole catalog (the JSON view hands its text over this way). */
  replace: (next: Catalog) => void;
}

export function createDraft(initial: Catalog): Draft {
  const version = signal(0);
  const draft: Draft = {
    catalog: structuredClone(initial),
    version,
    edit: (f) => {
      f(draft.catalog);
      version.value++;
    },
    replace: (next) => {
      draft.catalog = next;
      version.value++;
    },
  };
  return draft;
}

const keys = new WeakMap<object, number>();
let nextKey = 1;
/** A stable key for a row object, for Preact's lists. */
export const keyOf = (o: object): number => {
  let k = keys.get(o);
  if (k === undefined) keys.set(o, (k = nextKey++));
  return k;
};

/** Sets an optional text property, dropping the key when empty so the JSON has no `""` or `undefined`. */
export function setOptional<T extends object, K extends keyof T & string>(o: T, key: K, value: string | number | undefined): void {
  if (value === undefined || value === '') delete o[key];
  else (o as Record<string, unknown>)[key] = value;
}

/** A number typed in a text input: the number when it reads as one, else the text (which the checks and the server refuse). */
export const numberOrText = (text: string): number | string => {
  const n = text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(n) ? n : text;
};

/** Renames a key of a record in place, keeping its place among the others. */
export function renameKey(record: Record<string, unknown>, from: string, to: string): void {
  const entries = Object.entries(record).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const k of Object.keys(record)) delete record[k];
  for (const [k, v] of entries) record[k] = v;
}

export const newMetric = (): Metric => ({ id: '', name: '' });
export const newFeature = (): Feature => ({ id: '', name: '' });
export const newPlan = (): Plan => ({ id: '', name: '', limits: {}, features: [] });
export const newAddOn = (): AddOn => ({ id: '', name: '', features: [] });
