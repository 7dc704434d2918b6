import { createHash } from 'node:crypto';

import request from 'supertest';

import { startTestPlatform, type TestPlatform } from '../support/platform';
import { sealForPlatform } from '../support/reports';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform('security');
});
afterAll(() => platform.close());

const FORWARDED_ADDRESS = '203.0.113.77';
const USER_AGENT = 'CanaryAgent/9.9 (identifying-browser-string)';

describe('response headers', () => {
  it.each(['/', '/console/', '/api/v1/config', '/api/v1/nope'])(
    '%s carries a strict CSP and no-referrer',
    async (url) => {
      const response = await request(platform.app).get(url);
      const csp = response.headers['content-security-policy'] as string;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['cache-control']).toBe('no-store');
    },
  );

  it.each(['/', '/api/v1/config'])('%s may not be framed (X-Frame-Options DENY, as the CSP says)', async (url) => {
    const response = await request(platform.app).get(url);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('sends no HSTS over plain HTTP unless the deployment says TLS is in front (BEHIND_TLS)', async () => {
    expect((await request(platform.app).get('/')).headers['strict-transport-security']).toBeUndefined();
    const behindTls = await startTestPlatform('tls', { behindTls: true });
    try {
      const response = await request(behindTls.app).get('/');
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await behindTls.close();
    }
  });

  it.each([
    ['a broken %-escape in an API path', 'get', '/api/v1/reports/%E0%A4%A', 400, 'malformed_url'],
    ['a method a path does not take', 'put', '/api/v1/reports', 405, 'method_not_allowed'],
  ] as const)('%s gets a 4xx JSON error', async (_what, method, url, status, code) => {
    const response = await request(platform.app)[method](url);
    expect([response.status, response.body.error?.code]).toEqual([status, code]);
  });

  it('405 says which methods a path takes', async () => {
    const response = await request(platform.app).delete('/api/v1/reports').expect(405);
    expect(response.headers.allow).toBe('POST, GET');
  });

  it.each(['/nope.html', '/%', '/console/%zz'])('an unknown page (%s) gets a plain 404', async (url) => {
    const response = await request(platform.app).get(url).expect(404);
    expect(response.text).toBe('Not found.');
  });

  it('unknown API paths get a JSON 404', async () => {
    const response = await request(platform.app).get('/api/v1/nope').expect(404);
    expect(response.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('logs', () => {
  it('never hold an IP address or user agent, on success or failure, per request or in the hourly line', async () => {
    await platform.scheduler.run('traffic');
    platform.logs.length = 0;
    const identify = (test: request.Test) =>
      test.set('X-Forwarded-For', FORWARDED_ADDRESS).set('User-Agent', USER_AGENT);
    await identify(request(platform.app).post('/api/v1/reports'))
      .send((await sealForPlatform(platform)).submission)
      .expect(201);
    await identify(request(platform.app).post('/api/v1/reports')).send({ bad: true }).expect(400);
    await identify(request(platform.app).get('/api/v1/recipient-keys')).expect(200);
    await identify(request(platform.app).post('/api/v1/session')).send({ username: 'x', password: 'y' }).expect(401);
    await identify(request(platform.app).get('/')).expect(200);
    const token = await platform.login();
    await identify(request(platform.app).get('/api/v1/reports').set('Authorization', `Bearer ${token}`)).expect(200);
    await platform.scheduler.run('traffic');

    // One line for the reviewer's request, one hourly line for everything else.
    expect(platform.logs).toHaveLength(2);
    expect(platform.logs.filter((line) => line.includes('"level":50'))).toEqual([]);
    const text = platform.logs.join('\n');
    for (const identifying of [
      FORWARDED_ADDRESS,
      'CanaryAgent',
      '127.0.0.1',
      '::1',
      '::ffff',
      'user-agent',
      'remoteAddress',
      token,
    ]) {
      expect([identifying, text.includes(identifying)]).toEqual([identifying, false]);
    }
    const [reviewerLine, hourly] = platform.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of [reviewerLine!, hourly!]) expect(entry.time).toMatch(/T\d\d:00:00\.000Z$/);
    expect(Object.keys(reviewerLine!).sort()).toEqual(['level', 'ms', 'msg', 'route', 'status', 'time']);
    expect(Object.keys(hourly!).sort()).toEqual(['faults', 'level', 'msg', 'requests', 'time']);
  });

  it('a server fault answers a generic 500 body; its cause goes to the hourly line without request details', async () => {
    const broken = await startTestPlatform('broken');
    try {
      // A session record damaged in the database: reading it throws inside the server.
      const token = 'a'.repeat(43);
      const tokenHash = createHash('sha256').update(token).digest('hex');
      await broken.db.collection('sessions').insertOne({
        _id: tokenHash as never,
        reviewerId: 'x',
        lastSeenAt: 'damaged',
        expiresAt: new Date('2099-01-01T00:00:00Z'),
      });
      broken.logs.length = 0;
      const response = await request(broken.app)
        .get('/api/v1/reports')
        .set('Authorization', `Bearer ${token}`)
        .set('User-Agent', USER_AGENT);
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        error: { code: 'internal_error', message: 'Something went wrong on the server.' },
      });
      expect(broken.logs).toEqual([]);
      await broken.scheduler.run('traffic');
      const text = broken.logs.join('\n');
      expect(JSON.parse(broken.logs[0]!).faults).toEqual([
        {
          detail: expect.stringMatching(/^TypeError: .* \(backend\/src\/features\/reviewers\/sessions\.ts:\d+:\d+\)$/),
          times: 1,
        },
      ]);
      expect(text).not.toContain('CanaryAgent');
      expect(text).not.toContain(token);
      expect(text).not.toContain(tokenHash);
    } finally {
      await broken.close();
    }
  });
});
