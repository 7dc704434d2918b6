import { createHash } from 'node:crypto';

import request from 'supertest';

import { REVIEWER, SESSION, startTestPlatform, type TestPlatform } from '../support/platform';
import { sealForPlatform } from '../support/reports';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform('console');
});
afterAll(() => platform?.close()); // `?.`: a platform that could not start fails the tests with that reason alone

const api = () => request(platform.app);
const HOUR = 3_600_000;

describe('reviewer sessions', () => {
  it('a reviewer logs in with the right password and a TOTP code and gets a token; the server keeps only its hash', async () => {
    const ticket = await api().post('/api/v1/session').send(REVIEWER).expect(200);
    // The password alone gives no session: only a token for the second step.
    expect(ticket.body).toEqual({
      next: 'second-factor',
      loginToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
    });
    const code = await platform.totpCode(REVIEWER.username, platform.secondFactor.secret);
    const response = await api()
      .post('/api/v1/session/second-factor')
      .send({ loginToken: ticket.body.loginToken, code })
      .expect(201);
    expect(response.body).toMatchObject({ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), idleMinutes: 30 });
    expect(response.body.reviewer).toEqual({ username: REVIEWER.username, roles: ['reviewer'] });
    const stored = await platform.db.collection('sessions').find().toArray();
    expect(JSON.stringify(stored)).not.toContain(response.body.token);
    await api().get('/api/v1/session').auth(response.body.token, { type: 'bearer' }).expect(200);
  });

  it.each([
    ['a wrong password', { username: REVIEWER.username, password: 'wrong password 123' }],
    ['an unknown username', { username: 'nobody', password: REVIEWER.password }],
  ])('%s gets the same 401 invalid_credentials', async (_what, body) => {
    const response = await api().post('/api/v1/session').send(body).expect(401);
    expect(response.body.error.code).toBe('invalid_credentials');
  });

  it('usernames are case-insensitive', async () => {
    await api()
      .post('/api/v1/session')
      .send({ ...REVIEWER, username: REVIEWER.username.toUpperCase() })
      .expect(200);
  });

  it('with proof of work off, five attempts per window and then a wait (429, Retry-After), even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      await api().post('/api/v1/session').send({ username: 'throttled', password: 'wrong password 123' }).expect(401);
    }
    const response = await api().post('/api/v1/session').send({ username: 'throttled', password: 'x' }).expect(429);
    expect(response.body.error.code).toBe('too_many_attempts');
    // The test clock stands at 10:37:42.123; the 15-minute window ends at 10:45.
    expect(response.headers['retry-after']).toBe('438');
    const challenge = await api().post('/api/v1/session/challenge').send({ username: 'throttled' }).expect(200);
    expect(challenge.body).toEqual({ required: false });
  });

  it('logging out ends the session, recorded once by a reference that is not the token', async () => {
    const token = await platform.login();
    const logouts = () => platform.db.collection('audit_log').find({ action: 'session.logout' }).toArray();
    const before = (await logouts()).length;
    await api().delete('/api/v1/session').auth(token, { type: 'bearer' }).expect(204);
    const response = await api().get('/api/v1/reports').auth(token, { type: 'bearer' }).expect(401);
    expect(response.body.error.code).toBe('unauthorized');
    const after = await logouts();
    expect(after).toHaveLength(before + 1);
    const ref = createHash('sha256').update(token).digest('hex').slice(0, 12);
    expect(after.at(-1)).toMatchObject({ actor: REVIEWER.username, details: { session: ref } });
  });

  it(`a session ends after ${SESSION.idleMinutes} idle minutes`, async () => {
    const token = await platform.login();
    platform.clock.advance((SESSION.idleMinutes - 1) * 60_000);
    await api().get('/api/v1/session').auth(token, { type: 'bearer' }).expect(200);
    platform.clock.advance((SESSION.idleMinutes - 1) * 60_000);
    await api().get('/api/v1/session').auth(token, { type: 'bearer' }).expect(200);
    platform.clock.advance(SESSION.idleMinutes * 60_000 + 1);
    await api().get('/api/v1/session').auth(token, { type: 'bearer' }).expect(401);
  });

  it(`a session idle exactly ${SESSION.idleMinutes} minutes has ended`, async () => {
    const token = await platform.login();
    platform.clock.advance(SESSION.idleMinutes * 60_000);
    await api().get('/api/v1/session').auth(token, { type: 'bearer' }).expect(401);
  });

  it('a session is touched at most once a minute, so reading is not a write per request', async () => {
    const token = await platform.login();
    const lastSeen = async () =>
      (await platform.db.collection<{ lastSeenAt: Date }>('sessions').find().toArray())
        .map((s) => s.lastSeenAt.getTime())
        .sort((a, b) => b - a)[0];
    const opened = await lastSeen();
    platform.clock.advance(30_000);
    await api().get('/api/v1/session').auth(token, { type: 'bearer' }).expect(200);
    expect(await lastSeen()).toBe(opened);
    platform.clock.advance(31_000);
    await api().get('/api/v1/session').auth(token, { type: 'bearer' }).expect(200);
    expect(await lastSeen()).toBe(platform.clock.now().getTime());
  });

  it('a session left behind for a disabled reviewer (a fault between disabling and ending it) is refused', async () => {
    const token = await platform.login();
    const reviewers = platform.db.collection<{ _id: string }>('reviewers');
    await reviewers.updateOne({ _id: REVIEWER.username }, { $set: { disabledAt: platform.clock.now() } });
    try {
      await api().get('/api/v1/session').auth(token, { type: 'bearer' }).expect(401);
    } finally {
      await reviewers.updateOne({ _id: REVIEWER.username }, { $unset: { disabledAt: '' } });
    }
    await api().get('/api/v1/session').auth(token, { type: 'bearer' }).expect(200);
  });

  it(`a session ends after ${SESSION.maxHours} hours however active it is`, async () => {
    const token = await platform.login();
    for (let elapsed = 0; elapsed < SESSION.maxHours * HOUR - 20 * 60_000; elapsed += 20 * 60_000) {
      platform.clock.advance(20 * 60_000);
      await api().get('/api/v1/session').auth(token, { type: 'bearer' }).expect(200);
    }
    platform.clock.advance(20 * 60_000);
    await api().get('/api/v1/session').auth(token, { type: 'bearer' }).expect(401);
  });

  it(`a session at exactly ${SESSION.maxHours} hours is swept at the next login, recorded once as max-age`, async () => {
    const token = await platform.login();
    const ref = createHash('sha256').update(token).digest('hex').slice(0, 12);
    for (let elapsed = 0; elapsed < SESSION.maxHours * HOUR; elapsed += 20 * 60_000) {
      await api().get('/api/v1/session').auth(token, { type: 'bearer' }).expect(200);
      platform.clock.advance(20 * 60_000);
    }
    // Seen 20 minutes ago, so not idle: it ends by age, at this very instant.
    await platform.login();
    const expired = await platform.db
      .collection('audit_log')
      .find({ action: 'session.expire', 'details.session': ref })
      .toArray();
    expect(expired.map((e) => [e.actor, e.target, e.details])).toEqual([
      ['system:server', REVIEWER.username, { reason: 'max-age', session: ref }],
    ]);
    expect(
      await platform.db
        .collection('sessions')
        .countDocuments({ _id: createHash('sha256').update(token).digest('hex') as never }),
    ).toBe(0);
  });

  it.each([
    ['no token', undefined],
    ['a malformed header', 'Basic abc'],
    ['an unknown token', `Bearer ${'a'.repeat(43)}`],
  ])('reviewer routes refuse %s with 401', async (_what, header) => {
    const call = api().get('/api/v1/reports');
    if (header) call.set('Authorization', header);
    const response = await call.expect(401);
    expect(response.body.error.code).toBe('unauthorized');
  });
});

describe('the reviewer inbox', () => {
  let token: string;
  const ids: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 5; i++) {
      await request(platform.app)
        .post('/api/v1/reports')
        .send((await sealForPlatform(platform)).submission)
        .expect(201);
      platform.clock.advance(HOUR);
    }
    token = await platform.login();
  });

  it('lists reports newest first, hour precision, workflow fields only', async () => {
    const response = await api().get('/api/v1/reports').auth(token, { type: 'bearer' }).expect(200);
    const { reports } = response.body as { reports: { id: string; receivedAt: string; status: string }[] };
    expect(reports.length).toBeGreaterThanOrEqual(5);
    const times = reports.map((r) => r.receivedAt);
    expect([...times].sort().reverse()).toEqual(times);
    for (const report of reports) {
      // The workflow fields (docs/protocol.md), nothing the reporter wrote.
      expect(Object.keys(report).sort()).toEqual(
        [
          ...['acknowledgedAt', 'assignee', 'dueAt', 'duplicateOf', 'feedbackAt', 'id', 'labels', 'overdue'],
          ...['priority', 'reason', 'receivedAt', 'status', 'unreadReplies', 'updatedAt', 'version'],
        ].sort(),
      );
      expect(report.receivedAt).toMatch(/T\d\d:00:00\.000Z$/);
      expect(report.status).toBe('new');
    }
    ids.push(...reports.map((r) => r.id));
  });

  it('pages through the inbox with a cursor, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { limit: '2', ...(cursor ? { cursor } : {}) };
      const page = await api().get('/api/v1/reports').query(query).auth(token, { type: 'bearer' }).expect(200);
      seen.push(...page.body.reports.map((r: { id: string }) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
  });

  it('returns one report with its ciphertext', async () => {
    const response = await api().get(`/api/v1/reports/${ids[0]}`).auth(token, { type: 'bearer' }).expect(200);
    expect(response.body).toMatchObject({ id: ids[0], status: 'new', envelopeVersion: 2, hasReporterKey: true });
    expect(response.body.armoredReport).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    expect(response.body).not.toHaveProperty('receiptLookupHash');
  });

  it.each([
    ['an unknown id', '/api/v1/reports/AAAAAAAAAAAAAAAAAAAAAA', 404, 'report_not_found'],
    ['a malformed id', '/api/v1/reports/not-an-id', 400, 'invalid_request'],
    ['a bad cursor', '/api/v1/reports?cursor=garbage', 400, 'invalid_cursor'],
    ['a limit out of range', '/api/v1/reports?limit=100000', 400, 'invalid_request'],
    ['an operator in the query', '/api/v1/reports?status[$ne]=x', 400, 'invalid_request'],
    ['an unknown status', '/api/v1/reports?status=deleted', 400, 'invalid_request'],
  ])('refuses %s', async (_what, url, status, code) => {
    const response = await api().get(url).auth(token, { type: 'bearer' }).expect(status);
    expect(response.body.error.code).toBe(code);
  });
});
