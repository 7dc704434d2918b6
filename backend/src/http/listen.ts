import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

import type { Express } from 'express';

/** Starts the HTTP server on the address the configuration gives; resolves once it listens. */
export function listen(app: Express, { port, host }: { port: number; host: string }): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Host is checked by the app (http/errors.ts's JSON, not Node's empty 400).
    const server = createServer({ requireHostHeader: false }, app);
    server.listen(port, host);
    // A client that stops sending mid-request (on purpose or over a failing
    // link) is cut off instead of holding a connection for Node's 5 minutes.
    server.requestTimeout = 60_000;
    server.headersTimeout = 20_000;
    server.on('clientError', answerClientError);
    server.on('checkExpectation', refuseExpectation);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new Error(
            `Port ${port} on ${host} is already in use (is Whistle412 already running?). Set PORT to use another.`,
          ),
        );
      } else reject(error);
    });
  });
}

/**
 * An `Expect` other than `100-continue`, which Node would refuse with an empty
 * 417: the same refusal as the API's JSON error, before any body is read.
 */
function refuseExpectation(_req: IncomingMessage, res: ServerResponse) {
  const body = JSON.stringify({
    error: { code: 'expectation_failed', message: 'The only expectation this server meets is 100-continue.' },
  });
  res.writeHead(417, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  });
  res.end(body);
}

/** What Node's parser refused, as the API's error: the status, code and message. */
function describe(error: NodeJS.ErrnoException): [number, string, string] {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return [431, 'headers_too_large', 'The request line and headers may be at most 16 KiB.'];
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [408, 'request_timeout', 'The request took too long to arrive.'];
  }
  return [400, 'bad_request', 'The request is not valid HTTP.'];
}

/**
 * A request Node's HTTP parser refuses (conflicting lengths, a bad header,
 * headers over 16 KiB…) never reaches Express; Node would answer it with an
 * empty body. It gets the API's JSON error instead, and the connection is
 * closed. Nothing is logged: the error holds the client's bytes.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  // A reset connection has no one to answer, and a response already under way must not be interleaved.
  const responding = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (error.code === 'ECONNRESET' || !socket.writable || responding) {
    socket.destroy();
    return;
  }
  const [status, code, message] = describe(error);
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Cache-Control: no-store\r\n' +
      'X-Content-Type-Options: nosniff\r\n' +
      'Connection: close\r\n\r\n' +
      body,
  );
}
