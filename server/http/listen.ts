import { getRequestListener } from '@hono/node-server';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { App } from './app';
import { errorBody, type Logger } from './errors';

function rawJson(status: number, reason: string, code: string, message: string): string {
  const body = JSON.stringify(errorBody(code, message));
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * The Node HTTP server for `app`. Requests that fail before Hono sees them (an unparsable URL or
 * Host, malformed HTTP, oversized headers) still get the public error shape instead of an empty 400.
 */
export function createHttpServer(app: Pick<App, 'fetch'>, logger: Logger): Server {
  const listener = getRequestListener(app.fetch, {
    errorHandler: (err) => {
      logger.warn('request rejected before routing', { error: err instanceof Error ? err.message : String(err) });
      return new Response(JSON.stringify(errorBody('bad_request', 'The request URL or Host header is malformed')), {
        status: 400,
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
      });
    },
  });
  // A missing Host reaches the listener, whose error handler answers it in the public shape.
  const server = createServer({ requireHostHeader: false }, listener);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(
      err.code === 'HPE_HEADER_OVERFLOW'
        ? rawJson(431, 'Request Header Fields Too Large', 'headers_too_large', 'The request headers are too large')
        : rawJson(400, 'Bad Request', 'bad_request', 'Malformed HTTP request'),
    );
  });
  return server;
}
