import { fireEvent, render, screen, within } from '@testing-library/preact';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../apidocs/src/app';
import { apiKey, docState, filter, loadDocument, opened } from '../../apidocs/src/model';
import { entriesOf } from '../../apidocs/src/operations';
import type { Document } from '../../apidocs/src/spec';
import { fixtureDocument } from './fixture';

// The reference page in jsdom, as a person reads and uses it; what reaches a server is the browser
// test's business (test/e2e/api-docs.test.ts).

const doc = fixtureDocument() as unknown as Document;
const showFixture = () => (docState.value = { kind: 'ready', doc, entries: entriesOf(doc) });
/** An operation's section, its details opened as a person would. */
function section(name: RegExp): HTMLElement {
  const found = screen.getByRole('region', { name });
  const toggle = within(found).getByRole('button', { name: /^(Show|Hide) details/ });
  if (toggle.getAttribute('aria-expanded') === 'false') fireEvent.click(toggle);
  return found;
}

beforeEach(() => {
  filter.value = '';
  apiKey.value = '';
  opened.value = new Set();
  showFixture();
});

describe('the reference', () => {
  it('lists operations by tag in the sidebar, and the filter narrows them', () => {
    render(<App />);
    const nav = screen.getByRole('navigation', { name: 'Operations' });
    expect(within(nav).getAllByRole('heading').map((h) => h.textContent)).toEqual(['Events', 'Rules', 'Other']);
    expect(within(nav).getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(['#postEvents', '#getRule', '#health']);
    fireEvent.input(within(nav).getByLabelText('Filter operations'), { target: { value: 'rules' } });
    expect(within(nav).getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(['#getRule']);
    fireEvent.input(within(nav).getByLabelText('Filter operations'), { target: { value: 'zzz' } });
    expect(within(nav).getByRole('status').textContent).toBe('No operation matches.');
  });

  it('shows an operation’s auth, parameters and response schema, its $refs resolved', () => {
    render(<App />);
    const rule = section(/^GET \/v1\/rules\/\{id\}/);
    const auth = within(rule).getByText(/^Authentication/).nextElementSibling!;
    expect([...auth.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'secretKey (Authorization: Bearer): A secret key (sk_…), server to server',
      'session (upshift_session cookie): The console’s signed-in session and csrfToken (X-CSRF-Token header): The session’s CSRF token',
    ]);
    const rows = within(within(rule).getByRole('table', { name: 'Parameters' })).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual(['NameInTypeRequiredDescription', 'idpathstringyesThe rule’s id', 'includequerystringnoExtra parts to include']);
    const threshold = within(rule).getByText('threshold').closest('li')!;
    expect(threshold.textContent).toContain('integer');
    expect(threshold.textContent).toContain('required');
    expect(threshold.textContent).toContain('≥ 0 · ≤ 100');
    // Deeper levels are folded and drawn once opened; Condition contains itself: named where it
    // recurs, not unrolled forever.
    expect(within(rule).queryByText('Condition, as above.')).toBeNull();
    for (const fold of within(rule).getAllByText(/^\d+ fields? of object$/)) {
      const details = fold.parentElement as HTMLDetailsElement;
      details.open = true;
      fireEvent(details, new Event('toggle'));
    }
    expect(within(rule).getAllByText('Condition, as above.').length).toBeGreaterThan(0);
  });

  it('shows a description’s code spans as code, never its markup as HTML', () => {
    const withProse = structuredClone(doc);
    withProse.paths!['/healthz']!.get!.description = 'Answers `200` when <b>the database</b> answers';
    docState.value = { kind: 'ready', doc: withProse, entries: entriesOf(withProse) };
    render(<App />);
    const text = within(screen.getByRole('region', { name: /^GET \/healthz/ })).getByText(/^Answers/);
    expect(text.querySelector('code')!.textContent).toBe('200');
    expect(text.querySelector('b')).toBeNull();
    expect(text.textContent).toBe('Answers 200 when <b>the database</b> answers');
  });

  it('shows the request example and a curl line that names the key as a variable', () => {
    render(<App />);
    const events = section(/^POST \/v1\/events/);
    expect(within(events).getByText(/^Request example/).nextElementSibling!.textContent).toContain('"docs_try_it"');
    const curl = within(events).getByText(/^curl -X POST/);
    expect(curl.textContent).toContain('"X-Upshift-Key: $UPSHIFT_PUBLISHABLE_KEY"');
  });

  it('try it out: a body that is not JSON is named at its field and focused, before anything is sent', () => {
    render(<App />);
    const events = section(/^POST \/v1\/events/);
    fireEvent.click(within(events).getByRole('button', { name: /^Try it out/ }));
    const body = within(events).getByLabelText('Request body (JSON)');
    expect(JSON.parse((body as HTMLTextAreaElement).value)).toEqual(fixtureDocument().paths['/v1/events'].post.requestBody.content['application/json'].example);
    fireEvent.input(body, { target: { value: '{"events": [' } });
    fireEvent.submit(within(events).getByRole('form'));
    expect(body.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(body.getAttribute('aria-describedby')!)!.textContent).toMatch(/^The body is not valid JSON/);
    expect(document.activeElement).toBe(body);
    expect(within(events).getByRole('region', { name: /^Answer to/ }).textContent).toBe('');
  });

  it('try it out: parameters start with the document’s examples, and a required one left empty is named', () => {
    render(<App />);
    const rule = section(/^GET \/v1\/rules\/\{id\}/);
    fireEvent.click(within(rule).getByRole('button', { name: /^Try it out/ }));
    const id = within(rule).getByLabelText('id (path), required') as HTMLInputElement;
    expect(id.value).toBe('api-usage-ladder');
    expect((within(rule).getByLabelText('include (query)') as HTMLInputElement).value).toBe('');
    within(rule).getByText('No key entered above: the request goes without one.');
    fireEvent.input(screen.getByLabelText(/^API key/), { target: { value: 'sk_abcdefgh' } });
    within(rule).getByText('The key goes in the Authorization header.');
    fireEvent.input(id, { target: { value: '' } });
    fireEvent.submit(within(rule).getByRole('form'));
    expect(document.getElementById(id.getAttribute('aria-describedby')!)!.textContent).toBe('id (path) is required');
    expect(document.activeElement).toBe(id);
  });

  it('keeps the key in session storage, never in local storage', () => {
    render(<App />);
    fireEvent.input(screen.getByLabelText(/^API key/), { target: { value: 'pk_abcdefgh' } });
    expect(sessionStorage.getItem('upshift-docs-key')).toBe('pk_abcdefgh');
    expect(localStorage.length).toBe(0);
    expect(screen.getByText(/never in local storage/)).toBeTruthy();
    fireEvent.input(screen.getByLabelText(/^API key/), { target: { value: '' } });
    expect(sessionStorage.getItem('upshift-docs-key')).toBeNull();
  });
});

describe('loading the document', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/missing') res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":{"code":"not_found","message":"x"}}');
      else if (req.url === '/swagger') res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"swagger":"2.0","info":{"title":"t"}}');
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(fixtureDocument()));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it.each([
    ['/missing', 'answered 404'],
    ['/swagger', 'not an OpenAPI 3 document'],
  ])('says why %s cannot be shown', async (path, reason) => {
    await loadDocument(base + path);
    render(<App />);
    expect(screen.getByRole('alert').textContent).toContain(reason);
  });

  it('shows a document it fetched', async () => {
    docState.value = { kind: 'loading' };
    await loadDocument(`${base}/v1/openapi.json`);
    render(<App />);
    expect(screen.getByText(/Version 0\.1\.0-fixture/)).toBeTruthy();
  });
});
