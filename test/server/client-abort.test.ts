import { connect, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../server/http/listen';
import { ApiErrorBody } from '../../shared/schemas/error';
import { createTestApp, recordingLogger, type TestApp } from '../helpers/test-app';

// A client that sends part of a body and goes away (a closed tab, a cancelled upload) is the
// client's outcome, not the server's failure: nothing is logged as an error, and the server goes on.

let t: TestApp;
let port: number;
const serverLog = recordingLogger();
let close: () => Promise<void>;
/** Requests as the app saw them arrive, and its answers to them: the hook the tests wait on. */
const arrived: { path: string; answered: Promise<{ status: number; code: string | undefined }> }[] = [];
const waiters: (() => void)[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const server = createHttpServer(
    {
      fetch: (req: Request, env?: unknown) => {
        const answer = Promise.resolve(t.app.fetch(req, env));
        const answered = answer.then(async (res) => ({ status: res.status, code: ApiErrorBody.safeParse(await res.clone().json().catch(() => null)).data?.error.code }));
        arrived.push({ path: new URL(req.url).pathname, answered });
        waiters.splice(0).forEach((wake) => wake());
        return answer;
      },
    },
    serverLog,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await close();
  await t.cleanup();
});

/** Resolves once the app has been handed its `n`th request (1-based). */
const nthArrival = async (n: number) => {
  while (arrived.length < n) await new Promise<void>((wake) => waiters.push(wake));
  return arrived[n - 1]!;
};

/**
 * Sends `head` and the first bytes of a body announced as 1,000 bytes long, waits until the app is
 * reading it, then destroys the socket, and answers what the app made of the request.
 */
async function abortUpload(head: string, partial: Uint8Array) {
  const n = arrived.length + 1;
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`${head}Content-Length: 1000\r\n\r\n`);
  socket.write(partial);
  const request = await nthArrival(n);
  socket.destroy();
  return { path: request.path, ...(await request.answered) };
}

const JSON_HEAD = 'Host: localhost\r\nContent-Type: application/json\r\n';

describe('a client that goes away halfway through its body', () => {
  it.each([
    ['an event batch', `POST /v1/events?key=KEY HTTP/1.1\r\n${JSON_HEAD}`, Buffer.from('{"events":[{"id":')],
    ['a gzip event batch', `POST /v1/events?key=KEY HTTP/1.1\r\n${JSON_HEAD}Content-Encoding: gzip\r\n`, gzipSync('{"events":[]}').subarray(0, 8)],
    ['a trial request', `POST /v1/trials?key=KEY HTTP/1.1\r\n${JSON_HEAD}`, Buffer.from('{"userId":"u1"')],
    ['a rule upload with the secret key', `PUT /v1/rules/big HTTP/1.1\r\n${JSON_HEAD}Authorization: Bearer SK\r\n`, Buffer.from('{"id":"big","name":"')],
  ])('%s: not logged as an error, and the server answers the next request', async (_name, head, partial) => {
    const outcome = await abortUpload(head.replace('KEY', t.key).replace('SK', t.secretKey), partial);
    // The app settled the request as the client's doing (its answer reaches nobody).
    expect(outcome).toMatchObject({ status: 400, code: 'client_aborted' });
    const next = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(next.status).toBe(200);
    expect(t.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    expect(serverLog.entries).toEqual([]);
  });
});
