import type { Server } from 'node:http';
import net from 'node:net';
import { gzipSync } from 'node:zlib';

import request from 'supertest';

import { listen } from '../../backend/src/http/listen';
import { encryptFileForPlatform, createUpload } from '../support/attachments';
import { documentCounts as countDocuments } from '../support/document-counts';
import { startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Hostile bytes below the routes: what the HTTP layer itself does with a
 * compressed body, a body declared larger than any route takes, and a
 * request Node's parser refuses. Each gets a 4xx JSON error, and writes nothing.
 */
let platform: TestPlatform;
let server: Server;
let port: number;
beforeAll(async () => {
  platform = await startTestPlatform('http-layer');
  server = await listen(platform.app, { port: 0, host: '127.0.0.1' });
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await platform.close();
});

const documentCounts = () => countDocuments(platform.db);

/** Writes the bytes on a fresh connection and reads until the server closes it; resolves with the raw answer. */
function exchange(bytes: string | Buffer): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0),
        headers: text.slice(0, split),
        body: text.slice(split + 4),
      });
    });
    socket.write(bytes);
  });
}

describe('a compressed body is refused, never inflated', () => {
  it.each(['gzip', 'deflate', 'br'])(
    'JSON sent with Content-Encoding: %s gets 415 unsupported_encoding',
    async (coding) => {
      const before = await documentCounts();
      const response = await request(platform.app)
        .post('/api/v1/attachments')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', coding)
        .send(gzipSync(JSON.stringify({ segmentCount: 1 })));
      expect([response.status, response.body.error?.code]).toEqual([415, 'unsupported_encoding']);
      expect(await documentCounts()).toEqual(before);
    },
  );

  it('a segment sent with Content-Encoding: gzip gets 415 unsupported_encoding and stores nothing', async () => {
    const { segments } = await encryptFileForPlatform(platform, new TextEncoder().encode('a small evidence file'));
    const upload = await createUpload(platform, 1);
    const before = await documentCounts();
    const response = await request(platform.app)
      .put(`/api/v1/attachments/${upload.id}/segments/0`)
      .set('Authorization', `Bearer ${upload.uploadToken}`)
      .set('Content-Type', 'application/octet-stream')
      .set('Content-Encoding', 'gzip')
      .send(gzipSync(segments[0]!));
    expect([response.status, response.body.error?.code]).toEqual([415, 'unsupported_encoding']);
    expect(await documentCounts()).toEqual(before);
  });
});

describe('a JSON body declared larger than the limit', () => {
  it('is refused with 413 from its Content-Length alone, before the body is sent, and the connection closed', async () => {
    // Only the head goes out: a server that waited for the declared gigabyte would never answer, and the test would time out.
    const answer = await exchange(
      'POST /api/v1/returns HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000000000\r\n\r\n{',
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
  });
});

describe('what Node would refuse with an empty body, past its parser', () => {
  it('a request without a Host header gets 400 bad_request as JSON and writes nothing', async () => {
    const before = await documentCounts();
    const answer = await exchange(
      'POST /api/v1/attachments HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'bad_request', message: expect.any(String) } });
    expect(await documentCounts()).toEqual(before);
  });

  it('an Expect other than 100-continue gets 417 expectation_failed as JSON, and the connection is closed', async () => {
    const answer = await exchange(
      'POST /api/v1/returns HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
    );
    expect(answer.status).toBe(417);
    expect(answer.headers).toMatch(/\r\nConnection: close(\r\n|$)/);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'expectation_failed', message: expect.any(String) } });
  });
});

describe("requests Node's HTTP parser refuses", () => {
  it.each([
    [
      'two different Content-Length headers',
      400,
      'bad_request',
      'POST /api/v1/returns HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n{}',
    ],
    [
      'Content-Length with chunked encoding',
      400,
      'bad_request',
      'POST /api/v1/returns HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
    ],
    [
      'a control character in a header',
      400,
      'bad_request',
      'GET /api/v1/config HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n',
    ],
    ['an unknown method', 400, 'bad_request', 'BREW /api/v1/config HTTP/1.1\r\nHost: x\r\n\r\n'],
    [
      'a broken chunk size',
      400,
      'bad_request',
      'POST /api/v1/returns HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    ],
    [
      'headers over 16 KiB',
      431,
      'headers_too_large',
      `GET /api/v1/config HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    ],
    [
      'a URL over 16 KiB',
      431,
      'headers_too_large',
      `GET /api/v1/evidence-receipts/${'A'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ],
  ])('%s gets %i %s as JSON, and the connection is closed', async (_what, status, code, bytes) => {
    const answer = await exchange(bytes);
    expect(answer.status).toBe(status);
    expect(answer.headers).toMatch(/\r\nContent-Type: application\/json; charset=utf-8\r\n/);
    expect(answer.headers).toMatch(/\r\nConnection: close(\r\n|$)/);
    expect(JSON.parse(answer.body)).toEqual({ error: { code, message: expect.any(String) } });
  });
});
