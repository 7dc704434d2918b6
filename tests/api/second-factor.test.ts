/**
 * The second factor: a TOTP authenticator enrolled at the first login and
 * required from then on, codes that cannot be replayed, one-time recovery
 * codes, and code guessing throttled by the same guard as passwords.
 */
import { createHash } from 'node:crypto';

import request from 'supertest';

import { WINDOW_MS } from '../../backend/src/features/reviewers/login-guard';
import { reviewerRepository } from '../../backend/src/features/reviewers/repository';
import { REVIEWER, startTestPlatform, type TestPlatform } from '../support/platform';
import { totpAt } from '../support/second-factor';

let platform: TestPlatform;
let admin: Awaited<ReturnType<TestPlatform['addAdministrator']>>;
beforeAll(async () => {
  platform = await startTestPlatform('secondfactor');
  admin = await platform.addAdministrator();
});
afterAll(() => platform?.close()); // `?.`: a platform that could not start fails the tests with that reason alone
// Each test starts in a fresh window of the login guard.
beforeEach(() => platform.clock.advance(2 * WINDOW_MS));

const api = () => request(platform.app);
const step = () => Math.floor(platform.clock.now().getTime() / 30_000);
const passwordStep = async (credentials = REVIEWER) =>
  (await api().post('/api/v1/session').send(credentials).expect(200)).body as {
    next: string;
    loginToken: string;
    expiresAt: string;
    enrollment?: { secret: string; otpauthUri: string };
  };
const secondFactor = (body: object) => api().post('/api/v1/session/second-factor').send(body);
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const ticketsOf = (loginToken: string) =>
  platform.db.collection('login_tickets').countDocuments({ _id: tokenHash(loginToken) as never });
const auditEntries = async (action: string) =>
  platform.db.collection('audit_log').find({ action }).sort({ _id: 1 }).toArray();

/** The administrator's sessions end while the tests move the clock on: a fresh login each time. */
const adminToken = () => platform.loginAs(admin, admin.secret);

async function newReviewer(username: string) {
  const password = `${username} password 12`;
  await api()
    .post('/api/v1/admin/reviewers')
    .auth(await adminToken(), { type: 'bearer' })
    .send({ username, password })
    .expect(201);
  return { username, password };
}

/** A new reviewer who has enrolled a second factor at the first login: their credentials and TOTP secret. */
async function enrolledReviewer(username: string) {
  const credentials = await newReviewer(username);
  const first = await passwordStep(credentials);
  const secret = first.enrollment!.secret;
  await api()
    .post('/api/v1/session/enrollment')
    .send({ loginToken: first.loginToken, code: totpAt(secret, step()) })
    .expect(201);
  return { credentials, secret };
}

describe('enrollment at the first login', () => {
  it('the password gives a new TOTP secret; a code from it logs in once and shows ten recovery codes', async () => {
    const credentials = await newReviewer('first.login');
    const ticket = await passwordStep(credentials);
    expect(ticket.next).toBe('enrollment');
    const { secret, otpauthUri } = ticket.enrollment!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toBe(`otpauth://totp/Whistle412:first.login?secret=${secret}&issuer=Whistle412`);

    const wrong = await api()
      .post('/api/v1/session/enrollment')
      .send({ loginToken: ticket.loginToken, code: totpAt(secret, step() + 5) })
      .expect(401);
    expect(wrong.body.error.code).toBe('invalid_second_factor');
    const response = await api()
      .post('/api/v1/session/enrollment')
      .send({ loginToken: ticket.loginToken, code: totpAt(secret, step()) })
      .expect(201);
    expect(response.body).toMatchObject({
      token: expect.any(String),
      reviewer: { username: 'first.login', roles: ['reviewer'] },
    });
    const codes = response.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    expect(new Set(codes).size).toBe(10);

    // Stored: the secret sealed with the server key, the recovery codes as hashes only.
    const stored = JSON.stringify(
      await Promise.all(
        ['reviewers', 'recovery_codes', 'login_tickets'].map((c) => platform.db.collection(c).find().toArray()),
      ),
    );
    expect(stored).not.toContain(secret);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ''));
    }
    expect(await platform.db.collection('recovery_codes').countDocuments({ reviewerId: 'first.login' })).toBe(10);
    // From now on the second factor is asked for, not enrolled again.
    expect((await passwordStep(credentials)).next).toBe('second-factor');
    expect((await auditEntries('second-factor.enroll')).map((e) => e.actor)).toContain('first.login');
  });

  it('a second enrollment token, taken before the first was used, is refused and stores no codes', async () => {
    const credentials = await newReviewer('twice.enrolling');
    const first = await passwordStep(credentials);
    const second = await passwordStep(credentials);
    await api()
      .post('/api/v1/session/enrollment')
      .send({ loginToken: first.loginToken, code: totpAt(first.enrollment!.secret, step()) })
      .expect(201);
    const late = await api()
      .post('/api/v1/session/enrollment')
      .send({ loginToken: second.loginToken, code: totpAt(second.enrollment!.secret, step()) })
      .expect(401);
    expect(late.body.error.code).toBe('login_expired');
    expect(await ticketsOf(second.loginToken)).toBe(0);
    expect(await platform.db.collection('recovery_codes').countDocuments({ reviewerId: 'twice.enrolling' })).toBe(10);
  });

  it('gives fifteen minutes to set up the app (a second-factor token five), and says until when', async () => {
    const credentials = await newReviewer('slow.enrolling');
    const started = platform.clock.now().getTime();
    const ticket = await api().post('/api/v1/session').send(credentials).expect(200);
    expect(ticket.body.expiresAt).toBe(new Date(started + 15 * 60_000).toISOString());
    expect((await passwordStep()).expiresAt).toBe(new Date(started + 5 * 60_000).toISOString());
    platform.clock.advance(15 * 60_000 - 1000);
    await api()
      .post('/api/v1/session/enrollment')
      .send({ loginToken: ticket.body.loginToken, code: totpAt(ticket.body.enrollment.secret, step()) })
      .expect(201);
    const late = await passwordStep(await newReviewer('too.slow.enrolling'));
    platform.clock.advance(15 * 60_000);
    const refused = await api()
      .post('/api/v1/session/enrollment')
      .send({ loginToken: late.loginToken, code: totpAt(late.enrollment!.secret, step()) })
      .expect(401);
    expect(refused.body.error.code).toBe('login_expired');
  });

  it('a wrong code from the new app is refused and recorded as a failed enrollment', async () => {
    const credentials = await newReviewer('mistyped.enrollment');
    const ticket = await passwordStep(credentials);
    await api()
      .post('/api/v1/session/enrollment')
      .send({ loginToken: ticket.loginToken, code: totpAt(ticket.enrollment!.secret, step() + 4) })
      .expect(401);
    expect((await auditEntries('session.login-failed')).at(-1)).toMatchObject({
      actor: 'mistyped.enrollment',
      target: 'mistyped.enrollment',
      details: { stage: 'enrollment', reason: 'wrong-code' },
    });
    expect(await platform.db.collection('recovery_codes').countDocuments({ reviewerId: 'mistyped.enrollment' })).toBe(
      0,
    );
  });

  it('an enrollment token is not a second-factor token, and the other way round', async () => {
    const credentials = await newReviewer('crossed.tokens');
    const enrolling = await passwordStep(credentials);
    const response = await secondFactor({ loginToken: enrolling.loginToken, code: '123456' }).expect(401);
    expect(response.body.error.code).toBe('login_expired');
    const ticket = await passwordStep();
    const other = await api()
      .post('/api/v1/session/enrollment')
      .send({ loginToken: ticket.loginToken, code: '123456' })
      .expect(401);
    expect(other.body.error.code).toBe('login_expired');
  });
});

describe('a sealed secret moved to another account (a database write without the server key)', () => {
  const sessionsOf = (username: string) => platform.db.collection('sessions').countDocuments({ reviewerId: username });
  const reviewers = () => platform.db.collection<{ _id: string; secondFactor?: { sealedSecret: string } }>('reviewers');

  it("does not open: another reviewer's authenticator logs nobody in", async () => {
    const from = await newReviewer('secret.owner');
    const owner = await passwordStep(from);
    const secret = owner.enrollment!.secret;
    await api()
      .post('/api/v1/session/enrollment')
      .send({ loginToken: owner.loginToken, code: totpAt(secret, step()) })
      .expect(201);
    const to = await newReviewer('secret.target');
    const target = await passwordStep(to);
    await api()
      .post('/api/v1/session/enrollment')
      .send({ loginToken: target.loginToken, code: totpAt(target.enrollment!.secret, step()) })
      .expect(201);
    const sealed = (await reviewers().findOne({ _id: 'secret.owner' }))!.secondFactor!.sealedSecret;
    await reviewers().updateOne({ _id: 'secret.target' }, { $set: { 'secondFactor.sealedSecret': sealed } });
    const before = await sessionsOf('secret.target');
    const ticket = await passwordStep(to);
    const failures = (await auditEntries('session.login-failed')).length;
    const response = await secondFactor({ loginToken: ticket.loginToken, code: totpAt(secret, step() + 1) });
    // A secret the server key cannot open is the server's fault (as after a replaced key file), not a wrong code:
    // the reviewer is not told they mistyped, and the audit log records no failed guess.
    expect([response.status, response.body.error.code]).toEqual([500, 'internal_error']);
    expect(await sessionsOf('secret.target')).toBe(before);
    expect(await auditEntries('session.login-failed')).toHaveLength(failures);
  });

  it("does not open from a login token either: enrolling with another reviewer's new secret is refused", async () => {
    const from = await passwordStep(await newReviewer('ticket.owner'));
    const target = await passwordStep(await newReviewer('ticket.target'));
    const tickets = platform.db.collection<{ _id: string; sealedSecret: string }>('login_tickets');
    const sealed = (await tickets.findOne({ _id: tokenHash(from.loginToken) }))!.sealedSecret;
    await tickets.updateOne({ _id: tokenHash(target.loginToken) }, { $set: { sealedSecret: sealed } });
    const response = await api()
      .post('/api/v1/session/enrollment')
      .send({ loginToken: target.loginToken, code: totpAt(from.enrollment!.secret, step()) })
      .expect(401);
    expect(response.body.error.code).toBe('login_expired');
    expect((await reviewers().findOne({ _id: 'ticket.target' }))!.secondFactor ?? null).toBeNull();
    expect(await sessionsOf('ticket.target')).toBe(0);
  });
});

describe('the TOTP code', () => {
  it('is required: a wrong one is refused and recorded, the right one logs in', async () => {
    const ticket = await passwordStep();
    const wrong = await secondFactor({
      loginToken: ticket.loginToken,
      code: totpAt(platform.secondFactor.secret, step() + 3),
    });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'invalid_second_factor']);
    const code = await platform.totpCode(REVIEWER.username, platform.secondFactor.secret);
    const response = await secondFactor({ loginToken: ticket.loginToken, code }).expect(201);
    expect(response.body.reviewer.username).toBe(REVIEWER.username);
    const failures = await auditEntries('session.login-failed');
    expect(failures.at(-1)).toMatchObject({
      actor: REVIEWER.username,
      details: { stage: 'second-factor', reason: 'wrong-code' },
    });
  });

  it('cannot be used twice: the same code on a second login is refused', async () => {
    const code = await platform.totpCode(REVIEWER.username, platform.secondFactor.secret);
    await secondFactor({ loginToken: (await passwordStep()).loginToken, code }).expect(201);
    const replay = await secondFactor({ loginToken: (await passwordStep()).loginToken, code }).expect(401);
    expect(replay.body.error.code).toBe('invalid_second_factor');
    expect((await auditEntries('session.login-failed')).at(-1)).toMatchObject({
      details: { reason: 'code-replayed' },
    });
  });

  it('an earlier step than the last used is refused too, though still inside the window', async () => {
    const secret = platform.secondFactor.secret;
    await platform.totpCode(REVIEWER.username, secret);
    const now = step();
    await secondFactor({ loginToken: (await passwordStep()).loginToken, code: totpAt(secret, now + 1) }).expect(201);
    await secondFactor({ loginToken: (await passwordStep()).loginToken, code: totpAt(secret, now) }).expect(401);
  });

  it('20 parallel claims of one time step (as 20 logins with one code): exactly one wins', async () => {
    const repository = reviewerRepository(platform.db);
    const reviewer = await repository.findReviewer(REVIEWER.username);
    const target = reviewer!.secondFactor!.lastStep + 1;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        repository.claimTotpStep(REVIEWER.username, reviewer!.secondFactor!.recoveryBatch, target),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('recovery codes', () => {
  let codes: string[];
  const credentials = { username: 'recovering', password: 'recovering password 12' };
  beforeAll(async () => {
    await newReviewer(credentials.username);
    const ticket = await passwordStep(credentials);
    const response = await api()
      .post('/api/v1/session/enrollment')
      .send({ loginToken: ticket.loginToken, code: totpAt(ticket.enrollment!.secret, step()) })
      .expect(201);
    codes = response.body.recoveryCodes;
  });

  it('each logs in once, typed in any case and without dashes; what is left is counted', async () => {
    const typed = codes[0]!.toLowerCase().replace(/-/g, ' ');
    const response = await secondFactor({
      loginToken: (await passwordStep(credentials)).loginToken,
      recoveryCode: typed,
    });
    expect(response.status).toBe(201);
    expect(response.body.recoveryCodesLeft).toBe(9);
    const again = await secondFactor({
      loginToken: (await passwordStep(credentials)).loginToken,
      recoveryCode: codes[0],
    });
    expect([again.status, again.body.error.code]).toEqual([401, 'invalid_second_factor']);
    expect((await auditEntries('second-factor.recovery-code-used')).at(-1)).toMatchObject({
      actor: 'recovering',
      details: { remaining: 9 },
    });
  });

  it("another reviewer's code, or a made-up one, is refused", async () => {
    const response = await secondFactor({ loginToken: (await passwordStep()).loginToken, recoveryCode: codes[1] });
    expect(response.body.error.code).toBe('invalid_second_factor');
    const madeUp = await secondFactor({
      loginToken: (await passwordStep(credentials)).loginToken,
      recoveryCode: 'AAAA-AAAA-AAAA-AAAA',
    });
    expect(madeUp.body.error.code).toBe('invalid_second_factor');
    expect((await auditEntries('session.login-failed')).slice(-2)).toMatchObject([
      { actor: REVIEWER.username, details: { stage: 'second-factor', reason: 'wrong-recovery-code' } },
      { actor: 'recovering', details: { stage: 'second-factor', reason: 'wrong-recovery-code' } },
    ]);
  });

  it('20 parallel uses of one code: exactly one succeeds', async () => {
    const repository = reviewerRepository(platform.db);
    const stored = await platform.db.collection('recovery_codes').findOne({ reviewerId: 'recovering', usedAt: null });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => repository.useRecoveryCode(stored!._id as unknown as string, new Date())),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('the login token between the steps', () => {
  it(`allows three codes, then the password is needed again, even with the right code`, async () => {
    const ticket = await passwordStep();
    // The password and three codes are four of the guard's five attempts: the fifth is the token's limit alone.
    // (The clock stays: a token lives five minutes, much less than the guard's window.)
    for (let i = 0; i < 3; i++) {
      const wrong = await secondFactor({
        loginToken: ticket.loginToken,
        code: totpAt(platform.secondFactor.secret, step() + 9),
      }).expect(401);
      expect(wrong.body.error.code).toBe('invalid_second_factor');
    }
    const code = await platform.totpCode(REVIEWER.username, platform.secondFactor.secret);
    const response = await secondFactor({ loginToken: ticket.loginToken, code }).expect(401);
    expect(response.body.error.code).toBe('login_expired');
    expect(await ticketsOf(ticket.loginToken)).toBe(0); // not left for the sweep
  });

  it('gives one session: used again after it logged in, it is refused', async () => {
    const ticket = await passwordStep();
    const code = await platform.totpCode(REVIEWER.username, platform.secondFactor.secret);
    await secondFactor({ loginToken: ticket.loginToken, code }).expect(201);
    expect(await ticketsOf(ticket.loginToken)).toBe(0);
    const next = totpAt(platform.secondFactor.secret, step() + 1); // a code the server has not seen
    const again = await secondFactor({ loginToken: ticket.loginToken, code: next }).expect(401);
    expect(again.body.error.code).toBe('login_expired');
  });

  it('has ended at exactly five minutes, and is swept at the next password step', async () => {
    const ticket = await passwordStep();
    platform.clock.advance(5 * 60_000);
    const code = await platform.totpCode(REVIEWER.username, platform.secondFactor.secret);
    expect((await secondFactor({ loginToken: ticket.loginToken, code }).expect(401)).body.error.code).toBe(
      'login_expired',
    );
    expect(await ticketsOf(ticket.loginToken)).toBe(1);
    await passwordStep();
    expect(await ticketsOf(ticket.loginToken)).toBe(0);
  });

  it('expires after five minutes; an unknown one is refused the same way', async () => {
    const ticket = await passwordStep();
    platform.clock.advance(5 * 60_000 + 1000);
    const code = await platform.totpCode(REVIEWER.username, platform.secondFactor.secret);
    expect((await secondFactor({ loginToken: ticket.loginToken, code }).expect(401)).body.error.code).toBe(
      'login_expired',
    );
    const unknown = await secondFactor({ loginToken: 'A'.repeat(43), code }).expect(401);
    expect(unknown.body.error.code).toBe('login_expired');
  });

  it('is refused when the reviewer was disabled after the password', async () => {
    const { credentials, secret } = await enrolledReviewer('soon.disabled');
    const ticket = await passwordStep(credentials);
    await api()
      .post('/api/v1/admin/reviewers/soon.disabled/disable')
      .auth(await adminToken(), { type: 'bearer' })
      .expect(200);
    const response = await secondFactor({ loginToken: ticket.loginToken, code: totpAt(secret, step() + 1) }).expect(
      401,
    );
    expect(response.body.error.code).toBe('login_expired');
    expect(await ticketsOf(ticket.loginToken)).toBe(0);
    // From now on the right password is refused as any wrong one is, and recorded as a disabled account's.
    const refused = await api().post('/api/v1/session').send(credentials).expect(401);
    expect(refused.body.error.code).toBe('invalid_credentials');
    expect((await auditEntries('session.login-failed')).at(-1)).toMatchObject({
      actor: 'soon.disabled',
      details: { stage: 'password', reason: 'disabled' },
    });
  });

  it('left behind for a disabled reviewer (a fault between disabling and ending its tokens), it is refused and deleted', async () => {
    const ticket = await passwordStep();
    const sessions = () => platform.db.collection('sessions').countDocuments({ reviewerId: REVIEWER.username });
    const before = await sessions();
    const reviewers = platform.db.collection<{ _id: string }>('reviewers');
    await reviewers.updateOne({ _id: REVIEWER.username }, { $set: { disabledAt: platform.clock.now() } });
    try {
      const code = await platform.totpCode(REVIEWER.username, platform.secondFactor.secret);
      const response = await secondFactor({ loginToken: ticket.loginToken, code }).expect(401);
      expect(response.body.error.code).toBe('login_expired');
      expect(await ticketsOf(ticket.loginToken)).toBe(0);
      expect(await sessions()).toBe(before);
    } finally {
      await reviewers.updateOne({ _id: REVIEWER.username }, { $unset: { disabledAt: '' } });
    }
  });

  it('left behind after a second-factor reset (a fault between the reset and ending its tokens), it is refused, not a 500', async () => {
    const { credentials, secret } = await enrolledReviewer('reset.midway');
    const ticket = await passwordStep(credentials);
    expect(ticket.next).toBe('second-factor');
    await platform.db
      .collection<{ _id: string }>('reviewers')
      .updateOne({ _id: 'reset.midway' }, { $set: { secondFactor: null } });
    const response = await secondFactor({ loginToken: ticket.loginToken, code: totpAt(secret, step() + 1) });
    expect([response.status, response.body.error?.code]).toEqual([401, 'login_expired']);
    // The next password step starts a new enrollment.
    expect((await passwordStep(credentials)).next).toBe('enrollment');
  });

  it.each([
    ['no code', {}],
    ['both kinds of code', { code: '123456', recoveryCode: 'AAAA-AAAA-AAAA-AAAA' }],
    ['a code of letters', { code: 'abcdef' }],
    ['a short token', { code: '123456', loginToken: 'short' }],
  ])('%s is a 400 invalid_request', async (_what, extra) => {
    const response = await secondFactor({ loginToken: 'A'.repeat(43), ...extra }).expect(400);
    expect(response.body.error.code).toBe('invalid_request');
  });
});

describe('code guessing', () => {
  it('takes attempts from the same guard as passwords: after five in a window even the right code waits', async () => {
    // Proof of work is off on this platform, so the guard's answer is a wait (with it on, a proof).
    const ticket = await passwordStep(); // attempt 1
    await secondFactor({
      loginToken: ticket.loginToken,
      code: totpAt(platform.secondFactor.secret, step() + 7),
    }).expect(401);
    await secondFactor({
      loginToken: ticket.loginToken,
      code: totpAt(platform.secondFactor.secret, step() + 8),
    }).expect(401);
    const again = await passwordStep(); // attempt 4
    await secondFactor({ loginToken: again.loginToken, code: totpAt(platform.secondFactor.secret, step() + 9) }).expect(
      401,
    );
    const code = await platform.totpCode(REVIEWER.username, platform.secondFactor.secret);
    const refused = await secondFactor({ loginToken: again.loginToken, code }).expect(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
  });
});

describe('failed logins in the audit log', () => {
  it('name a reviewer by username, anyone else by a keyed hash, and never hold the password typed', async () => {
    await api()
      .post('/api/v1/session')
      .send({ username: REVIEWER.username, password: 'wrong password 987' })
      .expect(401);
    await api()
      .post('/api/v1/session')
      .send({ username: 'MySecretPassw0rd', password: 'whatever it is 1' })
      .expect(401);
    const failures = (await auditEntries('session.login-failed')).slice(-2);
    expect(failures[0]).toMatchObject({
      actor: REVIEWER.username,
      target: REVIEWER.username,
      details: { stage: 'password', reason: 'wrong-password' },
    });
    expect(failures[1]).toMatchObject({
      actor: expect.stringMatching(/^unknown:[0-9a-f]{16}$/),
      target: null,
      details: { stage: 'password', reason: 'unknown-username' },
    });
    const log = JSON.stringify(await platform.db.collection('audit_log').find().toArray());
    for (const typed of [
      'wrong password 987',
      'whatever it is 1',
      REVIEWER.password,
      'mysecretpassw0rd',
      'MySecretPassw0rd',
    ]) {
      expect(log).not.toContain(typed);
    }
  });
});

describe('successful logins in the audit log', () => {
  it('are recorded once each, with the factor used and the reference of the session opened', async () => {
    const ref = (token: string) => tokenHash(token).slice(0, 12);
    const logins = async () => (await auditEntries('session.login')).filter((e) => e.actor === 'audited.login');
    const credentials = await newReviewer('audited.login');
    const first = await passwordStep(credentials);
    const secret = first.enrollment!.secret;
    const enrolled = await api()
      .post('/api/v1/session/enrollment')
      .send({ loginToken: first.loginToken, code: totpAt(secret, step()) })
      .expect(201);
    const totp = await secondFactor({
      loginToken: (await passwordStep(credentials)).loginToken,
      code: totpAt(secret, step() + 1),
    }).expect(201);
    const recovery = await secondFactor({
      loginToken: (await passwordStep(credentials)).loginToken,
      recoveryCode: enrolled.body.recoveryCodes[0],
    }).expect(201);
    expect((await logins()).map((e) => [e.target, e.details])).toEqual([
      ['audited.login', { secondFactor: 'totp-enrolled', session: ref(enrolled.body.token) }],
      ['audited.login', { secondFactor: 'totp', session: ref(totp.body.token) }],
      ['audited.login', { secondFactor: 'recovery-code', session: ref(recovery.body.token) }],
    ]);
  });
});
