import { render, screen } from '@testing-library/preact';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultView, send } from '../../apidocs/src/result';

// What try-it-out makes of an answer, against a real HTTP server on loopback, and of no answer at all.

let server: Server;
let base = '';
const received: { method: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', headers: req.headers, body });
      if (req.url === '/text') res.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '30' }).end('not now');
      else res.writeHead(201, { 'Content-Type': 'application/json', ETag: '"v7"', 'X-Internal': 'hidden', 'Set-Cookie': 'a=b' }).end('{"created":true,"n":[1,2]}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('send', () => {
  it('sends the method, headers and body, and keeps the status, the headers worth showing and the body pretty-printed', async () => {
    const outcome = await send({ method: 'POST', url: `${base}/json`, headers: { 'X-Upshift-Key': 'pk_abcdefgh', 'Content-Type': 'application/json' }, body: '{"a":1}' });
    expect(received.at(-1)).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { 'x-upshift-key': 'pk_abcdefgh', 'content-type': 'application/json' } });
    expect(outcome).toEqual({
      kind: 'answered',
      status: 201,
      statusText: 'Created',
      headers: [
        ['content-type', 'application/json'],
        ['etag', '"v7"'],
      ],
      body: '{\n  "created": true,\n  "n": [\n    1,\n    2\n  ]\n}',
    });
  });

  it('keeps a body that is not JSON as it came', async () => {
    const outcome = await send({ method: 'GET', url: `${base}/text`, headers: {} });
    expect(outcome).toMatchObject({ kind: 'answered', status: 503, body: 'not now', headers: [['content-type', 'text/plain'], ['retry-after', '30']] });
  });

  it('says so when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const outcome = await send({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} });
    expect(outcome.kind).toBe('network-error');
    render(<ResultView outcome={outcome} label="Answer" />);
    expect(screen.getByRole('region', { name: 'Answer' }).textContent).toMatch(/^Network error: \S/);
  });
});

describe('ResultView', () => {
  it('shows the status, the headers and the body', () => {
    render(<ResultView outcome={{ kind: 'answered', status: 404, statusText: 'Not Found', headers: [['etag', '"x"']], body: '{}' }} label="Answer" />);
    const region = screen.getByRole('region', { name: 'Answer' });
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByText('404').closest('p')!.textContent).toBe('Status: 404 Not Found');
    expect([...region.querySelectorAll('dt, dd')].map((e) => e.textContent)).toEqual(['etag', '"x"']);
    expect(region.querySelector('pre')!.textContent).toBe('{}');
  });
});
