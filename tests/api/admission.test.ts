import type { Server } from 'node:http';
import net from 'node:net';

import express from 'express';
import request from 'supertest';

import { createLogger } from '../../backend/src/logger';
import { admitBodies } from '../../backend/src/http/admission';
import { errorHandler } from '../../backend/src/http/errors';
import { listen } from '../../backend/src/http/listen';
import { trafficLog } from '../../backend/src/http/traffic';
import { documentCounts as countDocuments } from '../support/document-counts';
import { startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Bodies in flight are bounded (http/admission.ts): parallel requests, each
 * within its own size limit, cannot together grow the server without end.
 * Two places here, so two held requests fill it.
 */
let platform: TestPlatform;
let server: Server;
let port: number;
const held: net.Socket[] = [];
beforeAll(async () => {
  platform = await startTestPlatform('admission', { bodiesInFlight: 2 });
  server = await listen(platform.app, { port: 0, host: '127.0.0.1' });
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await platform.close();
});

const documentCounts = () => countDocuments(platform.db);

/** One request on a fresh connection; resolves with the raw answer once the server has answered it. */
function exchange(bytes: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const length = /\r\nContent-Length: (\d+)/i.exec(text.slice(0, split));
      if (split < 0 || !length || Buffer.byteLength(text.slice(split + 4)) < Number(length[1])) return;
      socket.destroy();
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0),
        headers: text.slice(0, split),
        body: text.slice(split + 4),
      });
    });
    socket.on('error', reject);
    socket.write(bytes);
  });
}

const post = (body: string, declared = Buffer.byteLength(body)) =>
  `POST /api/v1/returns HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
  `Content-Length: ${declared}\r\n\r\n${body}`;

const segment = (declared: number, sent: string) =>
  `PUT /api/v1/attachments/no-such-upload/segments/0 HTTP/1.1\r\nHost: localhost\r\n` +
  `Authorization: Bearer no-such-token\r\nContent-Type: application/octet-stream\r\n` +
  `Content-Length: ${declared}\r\n\r\n${sent}`;

/** Asks until the answer's status is the one wanted; the server takes held requests in its own time. */
async function askUntil(bytes: string, wanted: (status: number) => boolean) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = await exchange(bytes);
    if (wanted(answer.status)) return answer;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the server never gave the wanted answer');
}

/** Connections that declare a body and send only its first bytes. */
function hold(bytes: string, count: number) {
  for (let i = 0; i < count; i++) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(bytes);
    held.push(socket);
  }
}

it('segments beyond the places get 503 server_busy before their bodies are read; places come back when a connection drops', async () => {
  const before = await documentCounts();
  // Two segments that declare 1 000 bytes and send 10: each holds a place while its body is awaited.
  hold(segment(1000, 'x'.repeat(10)), 2);
  const busy = await askUntil(segment(4, 'abcd'), (status) => status === 503);
  expect(JSON.parse(busy.body)).toEqual({ error: { code: 'server_busy', message: expect.any(String) } });
  expect(busy.headers).toMatch(/\r\nRetry-After: 2(\r\n|$)/);
  expect(busy.headers).toMatch(/\r\nConnection: close(\r\n|$)/);

  // JSON bodies have places of their own, and requests without a body need none.
  expect((await exchange(post('{}'))).status).toBe(400);
  expect((await exchange('GET /api/v1/config HTTP/1.1\r\nHost: localhost\r\n\r\n')).status).toBe(200);

  for (const socket of held.splice(0)) socket.destroy();
  const admitted = await askUntil(segment(4, 'abcd'), (status) => status !== 503);
  // Past the gate: the route itself answers (the made-up upload id is malformed).
  expect([admitted.status, JSON.parse(admitted.body).error.code]).toEqual([400, 'invalid_request']);
  expect(await documentCounts()).toEqual(before);
});

it('a JSON body holds a place only once it is read: slow senders do not keep others out', async () => {
  hold(post('{"rec', 100), 3);
  // Still admitted with three slow senders on two places; and one after another, each gives its place back.
  for (let i = 0; i < 4; i++) expect((await exchange(post('{}'))).status).toBe(400);
  for (const socket of held.splice(0)) socket.destroy();
});

it('a JSON body being checked holds its place until its answer is sent; the next beyond the places gets 503 server_busy', async () => {
  // The product's gate and error mapping on a route whose checking the test holds open.
  let finishChecking = () => {};
  const checking = new Promise<void>((resolve) => (finishChecking = resolve));
  const app = express();
  app.use(express.json());
  app.use(admitBodies({ type: 'application/json', max: 1 }));
  app.post('/check', async (_req, res) => {
    await checking;
    res.json({ checked: true });
  });
  app.use(errorHandler(trafficLog(createLogger({ level: 'silent' }))));

  const first = request(app)
    .post('/check')
    .send({ a: 1 })
    .then((response) => response);
  // The first is past the parser and waiting once a second is refused.
  const busy = await askUntilBusy(app);
  expect([busy.status, busy.body, busy.headers['retry-after']]).toEqual([
    503,
    { error: { code: 'server_busy', message: expect.any(String) } },
    '2',
  ]);
  finishChecking();
  expect((await first).status).toBe(200);
  expect((await request(app).post('/check').send({ a: 2 })).status).toBe(200);
});

async function askUntilBusy(app: express.Express) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await request(app).post('/check').send({ b: 1 });
    if (response.status === 503) return response;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the gate never refused');
}
