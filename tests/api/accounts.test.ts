/**
 * The administrator's account actions over HTTP (features/reviewers/admin-routes.ts):
 * role-gated on the server for every route, each recorded in the audit log.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import request from 'supertest';

import { runInit } from '../../backend/src/cli/init';
import { auditRoutes } from '../../backend/src/features/audit/routes';
import { auditRepository } from '../../backend/src/features/audit/repository';
import { auditService } from '../../backend/src/features/audit/service';
import { adminReviewerRoutes } from '../../backend/src/features/reviewers/admin-routes';
import { defaultPlatformKeyFile } from '../../backend/src/config';
import { REVIEWER, startTestPlatform, type TestPlatform } from '../support/platform';
import { totpAt } from '../support/second-factor';

let platform: TestPlatform;
let admin: Awaited<ReturnType<TestPlatform['addAdministrator']>>;
beforeAll(async () => {
  platform = await startTestPlatform('accounts');
  admin = await platform.addAdministrator();
});
afterAll(() => platform?.close()); // `?.`: a platform that could not start fails the tests with that reason alone

const api = () => request(platform.app);
const step = () => Math.floor(platform.clock.now().getTime() / 30_000);
const asAdmin = (method: 'get' | 'post', path: string) => api()[method](path).auth(admin.token, { type: 'bearer' });
const lastAudit = async () =>
  (await platform.db.collection('audit_log').find().sort({ _id: -1 }).limit(3).toArray()).reverse();

/** A reviewer added by the administrator, logged in once (enrolled); their secret and session. */
async function enrolledReviewer(username: string) {
  const password = `${username} password 12`;
  await asAdmin('post', '/api/v1/admin/reviewers').send({ username, password }).expect(201);
  const ticket = await api().post('/api/v1/session').send({ username, password }).expect(200);
  const secret = ticket.body.enrollment.secret as string;
  const session = await api()
    .post('/api/v1/session/enrollment')
    .send({ loginToken: ticket.body.loginToken, code: totpAt(secret, step()) })
    .expect(201);
  return { username, password, secret, token: session.body.token as string };
}
const sessionWorks = async (token: string) =>
  (await api().get('/api/v1/session').auth(token, { type: 'bearer' })).status === 200;

describe('every administrator route', () => {
  // The declared routes themselves, so a route added later is checked too.
  const none = {} as never;
  const routes = [...adminReviewerRoutes({ reviewers: none }), ...auditRoutes({ audit: none })].map((r) => ({
    method: r.method as 'get' | 'post',
    path: r.path.replace(':username', REVIEWER.username),
  }));

  it('is declared for administrators only', () => {
    expect(routes.length).toBeGreaterThanOrEqual(8);
    expect([...adminReviewerRoutes({ reviewers: none }), ...auditRoutes({ audit: none })].map((r) => r.access)).toEqual(
      routes.map(() => 'administrator'),
    );
  });

  it.each([0, 1, 2, 3, 4, 5, 6, 7])(
    'route %i answers 401 without a session and 403 to a reviewer, changing nothing',
    async (i) => {
      const route = routes[i]!;
      await api()[route.method](`/api${route.path}`).send({}).expect(401);
      const token = await platform.login();
      const before = await platform.counts();
      const client = api();
      const response = await client[route.method](`/api${route.path}`)
        .auth(token, { type: 'bearer' })
        .send({ username: 'x.y', password: 'long enough password' })
        .expect(403);
      expect(response.body.error.code).toBe('forbidden');
      expect(await platform.counts()).toEqual(before);
    },
  );
});

describe('adding a reviewer', () => {
  it('creates the account, which enrolls its second factor at the first login; recorded', async () => {
    const response = await asAdmin('post', '/api/v1/admin/reviewers')
      .send({ username: 'New.Reviewer', password: 'new reviewer password' })
      .expect(201);
    expect(response.body).toEqual({ username: 'new.reviewer', roles: ['reviewer'] });
    expect((await lastAudit()).at(-1)).toMatchObject({
      actor: admin.username,
      action: 'reviewer.add',
      target: 'new.reviewer',
      details: { roles: 'reviewer' },
    });
    const login = await api()
      .post('/api/v1/session')
      .send({ username: 'new.reviewer', password: 'new reviewer password' });
    expect(login.body.next).toBe('enrollment');
  });

  it('can make an administrator', async () => {
    const response = await asAdmin('post', '/api/v1/admin/reviewers')
      .send({ username: 'second.chief', password: 'second chief password', administrator: true })
      .expect(201);
    expect(response.body.roles).toEqual(['reviewer', 'administrator']);
  });

  it.each([
    [409, 'reviewer_exists', { username: REVIEWER.username.toUpperCase(), password: 'long enough password' }],
    [400, 'invalid_username', { username: 'a b', password: 'long enough password' }],
    [400, 'weak_password', { username: 'weak.one', password: 'short' }],
    [400, 'invalid_request', { username: 'extra.field', password: 'long enough password', colour: 'red' }],
  ])('answers %i %s and writes nothing', async (status, code, body) => {
    const before = await platform.counts();
    const response = await asAdmin('post', '/api/v1/admin/reviewers').send(body).expect(status);
    expect(response.body.error.code).toBe(code);
    expect(await platform.counts()).toEqual(before);
  });
});

describe('who is active', () => {
  it('lists every account with its role, state, second factor, live sessions and last activity', async () => {
    const someone = await enrolledReviewer('active.one');
    const response = await asAdmin('get', '/api/v1/admin/reviewers').expect(200);
    const row = (response.body.reviewers as { username: string }[]).find((r) => r.username === someone.username);
    expect(row).toEqual({
      username: 'active.one',
      roles: ['reviewer'],
      createdAt: platform.clock.now().toISOString(),
      disabledAt: null,
      secondFactor: { enrolledAt: platform.clock.now().toISOString() },
      lastLoginAt: platform.clock.now().toISOString(),
      activeSessions: 1,
      lastActiveAt: platform.clock.now().toISOString(),
    });
    // An idle session is not counted, though it is still stored until the next login sweeps it (the
    // administrator's own session kept alive by a request halfway, so no login sweeps before the list is read).
    platform.clock.advance(20 * 60_000);
    await asAdmin('get', '/api/v1/session').expect(200);
    platform.clock.advance(11 * 60_000);
    const later = await asAdmin('get', '/api/v1/admin/reviewers').expect(200);
    expect((later.body.reviewers as { username: string }[]).find((r) => r.username === 'active.one')).toMatchObject({
      activeSessions: 0,
      lastActiveAt: null,
    });
    expect(await platform.db.collection('sessions').countDocuments({ reviewerId: 'active.one' })).toBe(1);
    admin.token = await platform.loginAs(admin, admin.secret);
    expect(await platform.db.collection('sessions').countDocuments({ reviewerId: 'active.one' })).toBe(0);
  });

  it('shows the latest request among an account’s sessions as its last activity', async () => {
    const someone = await enrolledReviewer('three.sessions');
    const first = someone.token;
    const second = await platform.loginAs(someone, someone.secret);
    const third = await platform.loginAs(someone, someone.secret);
    // The middle session is used last, then the others earlier: neither the first nor the last stored is the latest.
    for (const token of [third, first, second]) {
      platform.clock.advance(2 * 60_000);
      await api().get('/api/v1/session').auth(token, { type: 'bearer' }).expect(200);
    }
    const latest = platform.clock.now().toISOString();
    platform.clock.advance(2 * 60_000);
    const response = await asAdmin('get', '/api/v1/admin/reviewers').expect(200);
    expect(
      (response.body.reviewers as { username: string }[]).find((r) => r.username === someone.username),
    ).toMatchObject({
      activeSessions: 3,
      lastActiveAt: latest,
    });
    expect(
      (await platform.db.collection('audit_log').find({ action: 'session.expire', target: 'active.one' }).toArray())[0],
    ).toMatchObject({ actor: 'system:server', details: { reason: 'idle' } });
  });
});

describe('actions on an account', () => {
  it('disabling ends its sessions and refuses its logins; enabling lets it in again', async () => {
    const someone = await enrolledReviewer('to.disable');
    const response = await asAdmin('post', '/api/v1/admin/reviewers/to.disable/disable').expect(200);
    expect(response.body).toEqual({ username: 'to.disable', endedSessions: 1 });
    expect(await sessionWorks(someone.token)).toBe(false);
    const refused = await api()
      .post('/api/v1/session')
      .send({ username: someone.username, password: someone.password });
    expect([refused.status, refused.body.error.code]).toEqual([401, 'invalid_credentials']);
    expect((await lastAudit()).map((e) => [e.action, e.details])).toEqual([
      ['reviewer.disable', {}],
      ['session.end', { reason: 'disabled', sessions: 1 }],
      ['session.login-failed', { stage: 'password', reason: 'disabled' }],
    ]);
    await asAdmin('post', '/api/v1/admin/reviewers/to.disable/enable').expect(200);
    expect((await lastAudit()).at(-1)).toMatchObject({ action: 'reviewer.enable', target: 'to.disable' });
    await expect(platform.loginAs(someone, someone.secret)).resolves.toEqual(expect.any(String));
  });

  it('disabling a disabled account or enabling an enabled one changes nothing, and is recorded once', async () => {
    await enrolledReviewer('twice.over');
    const actions = async () =>
      (await platform.db.collection('audit_log').find({ target: 'twice.over' }).toArray()).map((e) => e.action);
    await asAdmin('post', '/api/v1/admin/reviewers/twice.over/disable').expect(200);
    const disabledAt = platform.clock.now().toISOString();
    platform.clock.advance(60_000);
    const listed = async () =>
      ((await asAdmin('get', '/api/v1/admin/reviewers').expect(200)).body.reviewers as { username: string }[]).find(
        (r) => r.username === 'twice.over',
      );
    expect(await listed()).toMatchObject({ disabledAt });
    const again = await asAdmin('post', '/api/v1/admin/reviewers/twice.over/disable').expect(200);
    expect(again.body).toEqual({ username: 'twice.over', endedSessions: 0 });
    await asAdmin('post', '/api/v1/admin/reviewers/twice.over/enable').expect(200);
    const enabledAgain = await asAdmin('post', '/api/v1/admin/reviewers/twice.over/enable').expect(200);
    expect(enabledAgain.body).toEqual({ username: 'twice.over' });
    expect(await listed()).toMatchObject({ disabledAt: null });
    expect((await actions()).filter((a) => a.startsWith('reviewer.'))).toEqual([
      'reviewer.add',
      'reviewer.disable',
      'reviewer.enable',
    ]);
  });

  it('a new password ends its sessions; the old password no longer works', async () => {
    const someone = await enrolledReviewer('new.password');
    const response = await asAdmin('post', '/api/v1/admin/reviewers/new.password/password')
      .send({ password: 'a brand new password' })
      .expect(200);
    expect(response.body.endedSessions).toBe(1);
    expect(await sessionWorks(someone.token)).toBe(false);
    await api().post('/api/v1/session').send({ username: someone.username, password: someone.password }).expect(401);
    await platform.loginAs({ username: someone.username, password: 'a brand new password' }, someone.secret);
    expect(
      await platform.db
        .collection('audit_log')
        .find({ action: 'reviewer.reset-password', target: 'new.password' })
        .toArray(),
    ).toHaveLength(1);
    expect(
      (await platform.db.collection('audit_log').find({ action: 'session.end', target: 'new.password' }).toArray()).map(
        (e) => e.details,
      ),
    ).toEqual([{ reason: 'password-reset', sessions: 1 }]);
  });

  it('ending the sessions ends them all, and nothing else', async () => {
    const someone = await enrolledReviewer('many.sessions');
    const second = await platform.loginAs(someone, someone.secret);
    const response = await asAdmin('post', '/api/v1/admin/reviewers/many.sessions/end-sessions').expect(200);
    expect(response.body).toEqual({ username: 'many.sessions', endedSessions: 2 });
    expect([await sessionWorks(someone.token), await sessionWorks(second)]).toEqual([false, false]);
    expect((await lastAudit()).at(-1)).toMatchObject({
      actor: admin.username,
      action: 'session.end',
      target: 'many.sessions',
      details: { reason: 'ended-by-administrator', sessions: 2 },
    });
    await platform.loginAs(someone, someone.secret);
  });

  it('resetting the second factor removes it and its recovery codes: the next login enrolls again', async () => {
    const someone = await enrolledReviewer('lost.phone');
    const response = await asAdmin('post', '/api/v1/admin/reviewers/lost.phone/reset-second-factor').expect(200);
    expect(response.body).toEqual({ username: 'lost.phone', endedSessions: 1 });
    expect(await sessionWorks(someone.token)).toBe(false);
    expect(await platform.db.collection('recovery_codes').countDocuments({ reviewerId: 'lost.phone' })).toBe(0);
    const login = await api().post('/api/v1/session').send({ username: someone.username, password: someone.password });
    expect(login.body.next).toBe('enrollment');
    expect(login.body.enrollment.secret).not.toBe(someone.secret);
    expect(
      (await platform.db.collection('audit_log').find({ action: 'second-factor.reset' }).toArray()).at(-1),
    ).toMatchObject({
      actor: admin.username,
      target: 'lost.phone',
    });
    expect(
      (await platform.db.collection('audit_log').find({ action: 'session.end', target: 'lost.phone' }).toArray()).map(
        (e) => e.details,
      ),
    ).toEqual([{ reason: 'second-factor-reset', sessions: 1 }]);
  });

  it.each(['disable', 'enable', 'end-sessions', 'reset-second-factor', 'nothing'])(
    '%s for an unknown reviewer is a 404 (or the route does not exist)',
    async (action) => {
      const response = await asAdmin('post', `/api/v1/admin/reviewers/nobody.here/${action}`);
      expect(response.body.error.code).toBe(action === 'nothing' ? 'not_found' : 'reviewer_not_found');
    },
  );

  it.each(['disable', 'end-sessions', 'reset-second-factor', 'password'])(
    '%s on the administrator’s own account is refused (409 own_account)',
    async (action) => {
      const response = await asAdmin('post', `/api/v1/admin/reviewers/${admin.username.toUpperCase()}/${action}`)
        .send(action === 'password' ? { password: 'my own new password' } : undefined)
        .expect(409);
      expect(response.body.error.code).toBe('own_account');
      expect(await sessionWorks(admin.token)).toBe(true);
    },
  );
});

// Last in the file: it replaces the platform's agency key. `admin init --force` run in this process (admin-cli.test.ts
// runs the command itself, where coverage tools cannot see it), against the database the app serves.
describe('a new agency key', () => {
  it('ends every session and every login in progress, recorded once with their count', async () => {
    const someone = await enrolledReviewer('before.rotation');
    const reviewerToken = await platform.login();
    const inProgress = await api().post('/api/v1/session').send(REVIEWER).expect(200);
    for (const token of [admin.token, someone.token, reviewerToken]) expect(await sessionWorks(token)).toBe(true);
    const sessions = await platform.db.collection('sessions').countDocuments();
    expect(sessions).toBeGreaterThanOrEqual(3);

    const passwordFile = path.join(platform.dataDir, 'password');
    const passphraseFile = path.join(platform.dataDir, 'passphrase');
    writeFileSync(passwordFile, 'administrator password 1\n');
    writeFileSync(passphraseFile, 'a new agency passphrase\n');
    const said = jest.spyOn(process.stdout, 'write').mockImplementation(() => true); // the command's own output
    try {
      await runInit({
        db: platform.db,
        clock: platform.clock,
        dataDir: platform.dataDir,
        platformKeyFile: defaultPlatformKeyFile(platform.dataDir),
        audit: auditService({ repository: auditRepository(platform.db), clock: platform.clock }),
        actor: 'cli:test',
        options: {
          agencyName: 'Test agency',
          keyOut: path.join(platform.dataDir, 'agency-2.asc'),
          passphraseFile,
          reviewer: admin.username,
          passwordFile,
          force: true,
        },
      });
      expect(said.mock.calls.join('')).toContain(`Sessions ended:          ${sessions} (everyone logs in again)`);
      expect(said.mock.calls.join('')).toContain(`Reviewer account:        ${admin.username} (administrator)\n`);
    } finally {
      said.mockRestore();
    }

    for (const token of [admin.token, someone.token, reviewerToken]) expect(await sessionWorks(token)).toBe(false);
    expect(await platform.db.collection('sessions').countDocuments()).toBe(0);
    // The login begun before the rotation cannot be finished after it.
    const finish = await api()
      .post('/api/v1/session/second-factor')
      .send({
        loginToken: inProgress.body.loginToken,
        code: await platform.totpCode(REVIEWER.username, platform.secondFactor.secret),
      });
    expect(finish.status).toBe(401);
    expect(await platform.db.collection('login_tickets').countDocuments()).toBe(0);
    const ended = await platform.db.collection('audit_log').find({ action: 'session.end', target: '*' }).toArray();
    expect(ended.map((e) => [e.actor, e.details])).toEqual([['cli:test', { reason: 'agency-key-rotated', sessions }]]);
    // The existing administrator named by the command got the new password, recorded as such.
    const reset = await platform.db
      .collection('audit_log')
      .find({ action: 'reviewer.reset-password', target: admin.username })
      .toArray();
    expect(reset.map((e) => [e.actor, e.target])).toEqual([['cli:test', admin.username]]);
    // A new account is recorded as added (the platform's reviewer and administrator, made by the same command's code).
    const added = await platform.db
      .collection('audit_log')
      .find({ action: 'reviewer.add', actor: 'cli:test' })
      .toArray();
    expect(added.map((e) => [e.target, e.details]).sort()).toEqual(
      [
        [REVIEWER.username, { roles: 'reviewer' }],
        [admin.username, { roles: 'reviewer,administrator' }],
      ].sort(),
    );
    // Everyone logs in again, with the same second factor.
    await expect(platform.loginAs(someone, someone.secret)).resolves.toEqual(expect.any(String));
  });
});
