import { placeKey, type Way } from './auth';
import type { Entry } from './operations';

/** What a person filled in for one operation: parameter values by `in:name`, the body text and the key. */
export interface Inputs {
  values: Record<string, string>;
  body: string;
  key: string;
}

export interface Built {
  method: string;
  /** Path and query, relative to this server. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The request to send, or the problems to fix first, each naming its field. */
export type BuildResult = { ok: true; request: Built } | { ok: false; problems: { field: string; message: string }[] };

export const inputKey = (place: string, name: string) => `${place}:${name}`;

/** A JSON body text's problem as a person reads it, or null when it parses (an empty text sends no body). */
export function jsonProblem(text: string): string | null {
  if (text.trim() === '') return null;
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    return `The body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 * The request an operation's try-it-out form describes. A required parameter left empty and a body
 * that is not JSON are caught here, before anything is sent.
 */
export function buildRequest(entry: Entry, ways: Way[], inputs: Inputs, hasBody: boolean): BuildResult {
  const problems: { field: string; message: string }[] = [];
  let path = entry.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const p of entry.parameters) {
    const value = inputs.values[inputKey(p.in, p.name)] ?? '';
    if (value === '') {
      if (p.required || p.in === 'path') problems.push({ field: inputKey(p.in, p.name), message: `${p.name} (${p.in}) is required` });
      continue;
    }
    if (p.in === 'path') path = path.replaceAll(`{${p.name}}`, encodeURIComponent(value));
    else if (p.in === 'query') query.append(p.name, value);
    else if (p.in === 'header') headers[p.name] = value;
  }
  const key = placeKey(ways, inputs.key.trim());
  if (key.kind === 'header') headers[key.name] = key.value;
  if (key.kind === 'query') query.append(key.name, key.value);
  let body: string | undefined;
  if (hasBody && inputs.body.trim() !== '') {
    const problem = jsonProblem(inputs.body);
    if (problem) problems.push({ field: 'body', message: problem });
    else {
      body = inputs.body;
      headers['Content-Type'] = 'application/json';
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const search = query.toString();
  const request: Built = { method: entry.method.toUpperCase(), url: search ? `${path}?${search}` : path, headers };
  return { ok: true, request: body === undefined ? request : { ...request, body } };
}

/** A single-quoted shell word: `'` closes, an escaped quote, and opens again. */
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A curl line for the operation against `origin`, with the key as a shell variable (`keyVariable`)
 * so that copying it never copies a key, and the body compacted onto the line.
 */
export function curlLine(origin: string, entry: Entry, example: unknown, keyHeader: { name: string; value: string } | undefined): string {
  const parts = ['curl'];
  if (entry.method !== 'get') parts.push('-X', entry.method.toUpperCase());
  parts.push(shellQuote(origin + entry.path));
  // Double quotes around the variable so the shell expands it.
  if (keyHeader) parts.push('-H', `"${keyHeader.name}: ${keyHeader.value}"`);
  if (example !== undefined) parts.push('-H', shellQuote('Content-Type: application/json'), '-d', shellQuote(JSON.stringify(example)));
  return parts.join(' ');
}
