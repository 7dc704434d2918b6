import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';

import request from 'supertest';

import { startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * A built site as `npm run build` lays it out (frontend/build/*.mts): a page
 * per language, and `.br`/`.gz` beside text files. Compressed with settings
 * the server would never choose, so bytes equal to these files prove the
 * server sent them as stored (no compressing, nor decompressing, per request).
 */
function writeSite(dir: string) {
  const write = (name: string, text: string, variants: ('br' | 'gz')[] = ['br', 'gz']) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    const bytes = Buffer.from(text);
    if (variants.includes('br')) {
      writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 3 } }));
    }
    if (variants.includes('gz')) writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 2 }));
  };
  for (const lang of ['kk', 'ru', 'en']) {
    write(
      `index.${lang}.html`,
      `<!doctype html><html lang="${lang}"><title>reporter ${lang}</title>${'<p>x</p>'.repeat(50)}`,
    );
    write(`console/index.${lang}.html`, `<!doctype html><html lang="${lang}"><title>console ${lang}</title>`);
  }
  write('assets/report-abc.js', `export const page = ${JSON.stringify('reporter code '.repeat(200))};`);
  write('assets/styles-abc.css', `body { color: black; }\n`.repeat(50), ['gz']);
  write('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', []);
  write('assets/blob-abc.bin', 'opaque bytes', []);
}

let platform: TestPlatform;
let site: string;
let server: http.Server;
beforeAll(async () => {
  site = mkdtempSync(path.join(os.tmpdir(), 'w412-site-'));
  writeSite(site);
  platform = await startTestPlatform('pages', { publicDir: site });
  server = platform.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await platform.close();
  rmSync(site, { recursive: true, force: true });
});

/** A plain HTTP exchange: unlike supertest, Node's client leaves the body exactly as sent. */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const { port } = server.address() as AddressInfo;
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: url, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const stored = (name: string) => readFileSync(path.join(site, name));

describe('compressed files are sent as the build stored them, by Accept-Encoding', () => {
  it.each([
    ['br', 'br', '.br'],
    ['gzip, deflate, br, zstd', 'br', '.br'],
    ['gzip, deflate', 'gzip', '.gz'],
    ['br;q=0.5, gzip', 'gzip', '.gz'],
    [undefined, undefined, ''],
    ['identity', undefined, ''],
    ['compress, zstd', undefined, ''],
    ['*;q=0', undefined, ''],
  ])('Accept-Encoding %p → Content-Encoding %p', async (accept, encoding, suffix) => {
    const response = await raw('/assets/report-abc.js', accept === undefined ? {} : { 'Accept-Encoding': accept });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe(encoding);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers.vary).toBe('Accept-Encoding');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body.equals(stored(`assets/report-abc.js${suffix}`))).toBe(true);
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
  });

  it('each variant decodes to the original file', async () => {
    const original = stored('assets/report-abc.js');
    const br = await raw('/assets/report-abc.js', { 'Accept-Encoding': 'br' });
    const gzip = await raw('/assets/report-abc.js', { 'Accept-Encoding': 'gzip' });
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
    expect(gunzipSync(gzip.body).equals(original)).toBe(true);
    expect(br.body.length).toBeLessThan(original.length / 5);
  });

  it('a file stored with gzip only goes gzipped to a client that prefers brotli, and as is to one that takes brotli only', async () => {
    const both = await raw('/assets/styles-abc.css', { 'Accept-Encoding': 'br, gzip' });
    expect([both.headers['content-encoding'], both.headers['content-type']]).toEqual([
      'gzip',
      'text/css; charset=utf-8',
    ]);
    expect(both.body.equals(stored('assets/styles-abc.css.gz'))).toBe(true);
    const brOnly = await raw('/assets/styles-abc.css', { 'Accept-Encoding': 'br' });
    expect(brOnly.headers['content-encoding']).toBeUndefined();
    expect(brOnly.body.equals(stored('assets/styles-abc.css'))).toBe(true);
  });

  it('files without variants keep their type; unknown types are opaque bytes', async () => {
    const svg = await raw('/favicon.svg', { 'Accept-Encoding': 'br, gzip' });
    expect([svg.status, svg.headers['content-type'], svg.headers['content-encoding']]).toEqual([
      200,
      'image/svg+xml',
      undefined,
    ]);
    const blob = await raw('/assets/blob-abc.bin');
    expect(blob.headers['content-type']).toBe('application/octet-stream');
  });

  it('HEAD answers the same headers and no body', async () => {
    const head = await raw('/assets/report-abc.js', { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBe(stored('assets/report-abc.js.br').length);
    expect(head.body.length).toBe(0);
  });
});

describe('a page is served in the language of the URL, else of Accept-Language, else Russian', () => {
  it.each([
    ['/?lang=kk', { 'Accept-Language': 'en-US' }, 'kk'],
    ['/?lang=en', {}, 'en'],
    ['/', { 'Accept-Language': 'kk-KZ, ru;q=0.8' }, 'kk'],
    ['/', { 'Accept-Language': 'en-US,en;q=0.5' }, 'en'],
    ['/', { 'Accept-Language': 'de' }, 'ru'],
    ['/', {}, 'ru'],
    ['/?lang=xx', {}, 'ru'],
    ['/?lang=kk&lang=en', {}, 'ru'],
    ['/console/?lang=kk', {}, 'kk'],
    ['/console/', { 'Accept-Language': 'en' }, 'en'],
  ])('%s with %p → %s', async (url, headers, lang) => {
    const response = await raw(url, { ...headers, 'Accept-Encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers['content-language']).toBe(lang);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers.vary).toBe('Accept-Encoding, Accept-Language');
    expect(response.headers['content-encoding']).toBe('gzip');
    const page = url.startsWith('/console') ? `console/index.${lang}.html` : `index.${lang}.html`;
    expect(response.body.equals(stored(`${page}.gz`))).toBe(true);
    expect(gunzipSync(response.body).toString()).toContain(`<html lang="${lang}">`);
  });

  it('a page without the slash is redirected to it, keeping the language', async () => {
    const response = await raw('/console?lang=kk');
    expect([response.status, response.headers.location]).toEqual([301, '/console/?lang=kk']);
  });
});

describe('only what the build wrote, by its exact path', () => {
  it.each([
    '/index.html',
    '/index.kk.html',
    '/console/index.ru.html',
    '/assets/report-abc.js.br',
    '/assets/../index.ru.html',
    '/assets/%2e%2e/index.ru.html',
    '/ASSETS/report-abc.js',
    '/assets/report-abc.js/',
  ])('%s is a plain 404', async (url) => {
    const response = await request(platform.app).get(url).expect(404);
    expect(response.text).toBe('Not found.');
  });

  it('other methods are not served', async () => {
    await request(platform.app).post('/').expect(404);
    await request(platform.app).delete('/assets/report-abc.js').expect(404);
  });

  it('without built pages, every page says how to build them', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'w412-empty-'));
    const unbuilt = await startTestPlatform('pages-unbuilt', { publicDir: empty });
    try {
      const response = await request(unbuilt.app).get('/').expect(503);
      expect(response.text).toContain('npm run build');
    } finally {
      await unbuilt.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
