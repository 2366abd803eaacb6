import { useState } from 'preact/hooks';
import { parseJson } from '../../../ui';
import { isRecord, type Draft } from './draft';

const pretty = (v: unknown): string => JSON.stringify(v, null, 2);

/**
 * The draft and its JSON text, kept in step: a form change rewrites the text; text that parses to
 * an object replaces the draft (so the form shows it), text that does not leaves the draft as it was
 * and says why at the JSON field.
 */
export function useDraft(initial: unknown) {
  const start = isRecord(initial) ? initial : {};
  const [rule, setRule] = useState<Draft>(start);
  const [json, setJson] = useState(pretty(start));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [saved, setSaved] = useState(JSON.stringify(start));

  const change = (next: Draft) => {
    setRule(next);
    setJson(pretty(next));
    setJsonError(null);
  };
  const typeJson = (text: string) => {
    setJson(text);
    const parsed = parseJson(text);
    if (!parsed.ok) return setJsonError(parsed.message);
    if (!isRecord(parsed.value)) return setJsonError('A rule is a JSON object: { "id": …, "name": …, … }');
    setJsonError(null);
    setRule(parsed.value);
  };
  const dirty = jsonError !== null || JSON.stringify(rule) !== saved;
  return { rule, change, json, typeJson, jsonError, dirty, markSaved: () => setSaved(JSON.stringify(rule)) };
}
