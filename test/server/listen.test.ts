import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody } from '../../shared/schemas/error';
import { createHttpServer } from '../../server/http/listen';
import { createTestApp, recordingLogger, type TestApp } from '../helpers/test-app';

let t: TestApp;
let port: number;
const logger = recordingLogger();
let close: () => Promise<void>;

beforeAll(async () => {
  t = await createTestApp();
  const server = createHttpServer(t.app, logger);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await close();
  await t.cleanup();
});

/** Sends raw bytes, as a broken client or a scanner would, and returns the status and body of the answer. */
function raw(request: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => {
      out += d.toString();
      const [head, body = ''] = out.split('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(head ?? '')?.[1];
      if (length && Buffer.byteLength(body) >= Number(length)) socket.end();
    });
    socket.on('end', () => {
      const [head = '', body = ''] = out.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), head, body });
    });
    socket.on('error', reject);
    socket.write(request);
  });
}

describe('requests rejected before routing still get the error shape', () => {
  it.each([
    ['not HTTP at all', 'GARBAGE\r\n\r\n', 400, 'bad_request'],
    ['a Host header with a space', 'GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n', 400, 'bad_request'],
    ['no Host header', 'GET /healthz HTTP/1.1\r\n\r\n', 400, 'bad_request'],
    ['a backslash in the path', 'GET /v1\\config HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad_request'],
    ['a broken absolute URL', 'GET http://[::1 HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad_request'],
    ['20 KB of headers', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
  ])('%s', async (_name, request, status, code) => {
    const res = await raw(request);
    expect(res.status).toBe(status);
    expect(ApiErrorBody.parse(JSON.parse(res.body)).error.code).toBe(code);
    expect(res.head).toMatch(/^x-content-type-options: nosniff$/im);
  });

  it('and a well-formed request is answered by the app as usual', async () => {
    const res = await raw('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
  });
});
