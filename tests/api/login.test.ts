/**
 * The login mechanism with proof of work ON (login-guard.ts, check-queue.ts):
 * attempts count before their password is checked, in the database, exactly
 * under concurrency and across instances; a proof replaces the lockout.
 */
import request from 'supertest';

import { defaultServerKeyFile } from '../../backend/src/config';
import { solveProofOfWork, type ProofOfWork } from '../../backend/src/crypto';
import { auditRepository } from '../../backend/src/features/audit/repository';
import { auditService } from '../../backend/src/features/audit/service';
import { proofOfWorkRepository } from '../../backend/src/features/proof-of-work/repository';
import { proofOfWorkService } from '../../backend/src/features/proof-of-work/service';
import { CheckQueue } from '../../backend/src/features/reviewers/check-queue';
import { FREE_ATTEMPTS, MAX_EXTRA_BITS, WINDOW_MS } from '../../backend/src/features/reviewers/login-guard';
import { verifyPassword } from '../../backend/src/features/reviewers/passwords';
import { reviewerRepository } from '../../backend/src/features/reviewers/repository';
import { lazySecretBox } from '../../backend/src/features/reviewers/secret-box';
import { reviewerService } from '../../backend/src/features/reviewers/service';
import { REVIEWER, SESSION, startTestPlatform, type TestPlatform } from '../support/platform';

const BITS = 4;
const WRONG = 'wrong password 123';
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform('login', { proofOfWorkBits: BITS });
});
// `?.`: when the platform cannot start, the tests fail with that reason alone (and Stryker counts a kill).
afterAll(() => platform?.close());
// Each test starts in a fresh window, with no attempts counted.
beforeEach(() => platform.clock.advance(2 * WINDOW_MS));

/** A password step that passed: the server asks for the second factor. */
const PASSED = { next: 'second-factor', loginToken: expect.any(String) };

/** A server instance of its own on the shared database, counting the password checks it makes. */
function instance({
  limits = { concurrency: 1, free: 1000, paid: 1000 },
  verify = verifyPassword,
  bits = BITS,
}: { limits?: ConstructorParameters<typeof CheckQueue>[0]; verify?: typeof verifyPassword; bits?: number } = {}) {
  const counter = { checks: 0 };
  const checks = new CheckQueue(limits);
  const proofOfWork = proofOfWorkService({
    repository: proofOfWorkRepository(platform.db),
    clock: platform.clock,
    baseBits: bits,
  });
  const service = reviewerService({
    repository: reviewerRepository(platform.db),
    clock: platform.clock,
    session: SESSION,
    proofOfWork,
    checks,
    audit: auditService({ repository: auditRepository(platform.db), clock: platform.clock }),
    box: lazySecretBox(defaultServerKeyFile(platform.dataDir)),
    verify: (hash, password) => {
      counter.checks += 1;
      return verify(hash, password);
    },
  });
  return { service, counter, checks };
}

type Service = ReturnType<typeof instance>['service'];

async function solvedFor(service: Service, username: string): Promise<ProofOfWork & { bits: number }> {
  const challenge = await service.loginChallenge({ username });
  if (!challenge.required) throw new Error('proof of work is on in this file');
  return { ...(await solveProofOfWork(challenge)), bits: challenge.bits };
}

const codeOf = (result: PromiseSettledResult<unknown>) =>
  result.status === 'fulfilled' ? 'logged in' : (result.reason as { code: string }).code;

async function useUpFreeAttempts(service: Service, username = REVIEWER.username) {
  for (let i = 0; i < FREE_ATTEMPTS; i++) {
    await expect(service.login({ username, password: WRONG })).rejects.toMatchObject({ code: 'invalid_credentials' });
  }
}

describe('attempts count before the password is checked', () => {
  it(`40 parallel guesses (39 wrong, 1 right) on two instances get exactly ${FREE_ATTEMPTS} password checks`, async () => {
    const [a, b] = [instance(), instance()];
    const guesses = Array.from({ length: 40 }, (_, i) => ({
      username: REVIEWER.username,
      password: i === 17 ? REVIEWER.password : `${WRONG} ${i}`,
    }));
    const results = await Promise.allSettled(guesses.map((g, i) => (i % 2 ? a : b).service.login(g)));
    const codes = results.map(codeOf);
    expect(a.counter.checks + b.counter.checks).toBe(FREE_ATTEMPTS);
    expect(codes.filter((c) => c === 'proof_of_work_required')).toHaveLength(40 - FREE_ATTEMPTS);
    expect(codes.filter((c) => c === 'invalid_credentials' || c === 'logged in')).toHaveLength(FREE_ATTEMPTS);
  });

  it('an unknown username is counted and checked the same way (no hint that it does not exist)', async () => {
    const { service, counter } = instance();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => service.login({ username: 'nobody.here', password: WRONG })),
    );
    expect(counter.checks).toBe(FREE_ATTEMPTS);
    expect(results.map(codeOf).sort()).toEqual([
      ...Array<string>(FREE_ATTEMPTS).fill('invalid_credentials'),
      ...Array<string>(12 - FREE_ATTEMPTS).fill('proof_of_work_required'),
    ]);
  });

  it('capitalisation and spaces around the username do not open a new count', async () => {
    const { service, counter } = instance();
    for (const username of ['REV.ONE', ' Rev.One', 'rev.ONE ', 'Rev.one', 'rEv.oNe']) {
      await expect(service.login({ username, password: WRONG })).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    }
    await expect(service.login(REVIEWER)).rejects.toMatchObject({ status: 429, code: 'proof_of_work_required' });
    expect(counter.checks).toBe(FREE_ATTEMPTS);
  });

  it('the free attempts come back in the next window', async () => {
    const { service } = instance();
    await useUpFreeAttempts(service);
    await expect(service.login(REVIEWER)).rejects.toMatchObject({ code: 'proof_of_work_required' });
    platform.clock.advance(WINDOW_MS);
    await expect(service.login(REVIEWER)).resolves.toMatchObject(PASSED);
  });
});

describe('the records of attempts', () => {
  it('hold no username or password as typed, and are swept once their window no longer counts', async () => {
    const { service } = instance();
    await useUpFreeAttempts(service, 'Sweep.Me');
    const attempts = platform.db.collection('login_attempts');
    const stored = JSON.stringify(await attempts.find().toArray());
    expect(stored).not.toMatch(/sweep\.me/i);
    expect(stored).not.toContain(WRONG);
    // Filed under the first 128 bits of the username's SHA-256, in hex: a fixed, printable form whatever was typed.
    for (const { _id } of await attempts.find().toArray()) {
      expect(_id).toMatch(/^(free\.\d+\.[0-9a-f]{32}\.\d|paid\.\d+\.[0-9a-f]{32})$/);
    }
    expect(await attempts.countDocuments()).toBeGreaterThanOrEqual(FREE_ATTEMPTS);
    platform.clock.advance(3 * WINDOW_MS);
    // A fresh instance sweeps at its first login.
    await instance()
      .service.login({ username: 'someone.new', password: WRONG })
      .catch(() => {});
    const left = await attempts.find().toArray();
    expect(left.filter((a) => (a.expiresAt as Date) < platform.clock.now())).toEqual([]);
    expect(left).toHaveLength(1);
  });

  it('are swept at most every five minutes by an instance, and then all that expired', async () => {
    const { service } = instance();
    const expired = async () =>
      (await platform.db.collection('login_attempts').find().toArray()).filter(
        (a) => (a.expiresAt as Date) < platform.clock.now(),
      );
    const wrongLogin = (username: string) => service.login({ username, password: WRONG }).catch(() => {});
    // 13 minutes into a window: this instance's first login sweeps, and leaves a record that ends with the window.
    const intoWindow = platform.clock.now().getTime() % WINDOW_MS;
    platform.clock.advance(WINDOW_MS - intoWindow + 13 * 60_000);
    await wrongLogin('sweep.throttle');
    expect(await expired()).toEqual([]);
    // 4 minutes on, the record has ended but no sweep is due yet.
    platform.clock.advance(4 * 60_000);
    await wrongLogin('someone.else');
    expect((await expired()).length).toBeGreaterThan(0);
    // 5 minutes after the last sweep, the next login sweeps.
    platform.clock.advance(60_000);
    await wrongLogin('someone.else');
    expect(await expired()).toEqual([]);
  });
});

describe('a proof of work instead of a lockout', () => {
  it('while a proof is owed the right password is refused without one (no check made) and accepted with one', async () => {
    const { service, counter } = instance();
    await useUpFreeAttempts(service);
    const checks = counter.checks;
    await expect(service.login(REVIEWER)).rejects.toMatchObject({ status: 429, code: 'proof_of_work_required' });
    expect(counter.checks).toBe(checks);
    const proof = await solvedFor(service, REVIEWER.username);
    await expect(service.login({ ...REVIEWER, proofOfWork: proof })).resolves.toMatchObject(PASSED);
    expect(counter.checks).toBe(checks + 1);
  });

  it(`a success clears the count: ${FREE_ATTEMPTS} free attempts again, paid attempts back at the base`, async () => {
    const { service } = instance();
    await useUpFreeAttempts(service);
    for (let i = 0; i < 3; i++) {
      const proof = await solvedFor(service, REVIEWER.username);
      await expect(service.login({ ...REVIEWER, password: WRONG, proofOfWork: proof })).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    }
    expect((await service.loginChallenge({ username: REVIEWER.username })) as { bits: number }).toMatchObject({
      bits: BITS + 2,
    });
    const { loginToken } = await service.login({
      ...REVIEWER,
      proofOfWork: await solvedFor(service, REVIEWER.username),
    });
    // The right password alone clears nothing: the second factor is still to come, and it pays too.
    await expect(
      service.completeLogin({
        loginToken,
        code: await platform.totpCode(REVIEWER.username, platform.secondFactor.secret),
      }),
    ).rejects.toMatchObject({ code: 'proof_of_work_required' });
    expect((await service.loginChallenge({ username: REVIEWER.username })) as { bits: number }).toMatchObject({
      bits: BITS + 2,
    });
    await service.completeLogin({
      loginToken,
      code: await platform.totpCode(REVIEWER.username, platform.secondFactor.secret),
      proofOfWork: await solvedFor(service, REVIEWER.username),
    });
    expect(await service.loginChallenge({ username: REVIEWER.username })).toMatchObject({ bits: BITS });
    await useUpFreeAttempts(service);
    await expect(service.login(REVIEWER)).rejects.toMatchObject({ code: 'proof_of_work_required' });
  });

  it('paid attempts raise the difficulty in their window and the next, and no longer after that', async () => {
    const { service } = instance();
    await useUpFreeAttempts(service);
    for (let i = 0; i < 3; i++) {
      const proof = await solvedFor(service, REVIEWER.username);
      await expect(service.login({ ...REVIEWER, password: WRONG, proofOfWork: proof })).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    }
    const bits = async () => ((await service.loginChallenge({ username: REVIEWER.username })) as { bits: number }).bits;
    expect(await bits()).toBe(BITS + 2);
    platform.clock.advance(WINDOW_MS);
    // A fresh instance sweeps expired attempt records at its first login: the count must outlive this window.
    await instance()
      .service.login({ username: 'someone.else', password: WRONG })
      .catch(() => {});
    expect(await bits()).toBe(BITS + 2);
    platform.clock.advance(WINDOW_MS);
    expect(await bits()).toBe(BITS);
  });

  it('a success also clears the paid attempts of the window before', async () => {
    const { service } = instance();
    await useUpFreeAttempts(service);
    for (let i = 0; i < 3; i++) {
      const proof = await solvedFor(service, REVIEWER.username);
      await expect(service.login({ ...REVIEWER, password: WRONG, proofOfWork: proof })).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    }
    platform.clock.advance(WINDOW_MS);
    expect(await service.loginChallenge({ username: REVIEWER.username })).toMatchObject({ bits: BITS + 2 });
    // The new window's free attempts pay for both steps.
    const { loginToken } = await service.login(REVIEWER);
    await service.completeLogin({
      loginToken,
      code: await platform.totpCode(REVIEWER.username, platform.secondFactor.secret),
    });
    expect(await service.loginChallenge({ username: REVIEWER.username })).toMatchObject({ bits: BITS });
  });

  it('a proof easier than the username now needs, a spent one, or one for another purpose is refused', async () => {
    const { service } = instance();
    await useUpFreeAttempts(service);
    const easy = await solvedFor(service, REVIEWER.username);
    const wrongWith = (proofOfWork: ProofOfWork) =>
      expect(service.login({ ...REVIEWER, password: WRONG, proofOfWork })).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    await wrongWith(await solvedFor(service, REVIEWER.username));
    // One paid failure: the username now needs a bit more than `easy` has.
    await expect(service.login({ ...REVIEWER, proofOfWork: easy })).rejects.toMatchObject({
      status: 400,
      code: 'proof_of_work_invalid',
    });
    const spent = await solvedFor(service, REVIEWER.username);
    await wrongWith(spent);
    await expect(service.login({ ...REVIEWER, proofOfWork: spent })).rejects.toMatchObject({
      status: 409,
      code: 'proof_of_work_spent',
    });
    const pow = proofOfWorkService({
      repository: proofOfWorkRepository(platform.db),
      clock: platform.clock,
      baseBits: BITS,
    });
    const forReports = await solveProofOfWork(await pow.issue('report', 4));
    await expect(service.login({ ...REVIEWER, proofOfWork: forReports })).rejects.toMatchObject({
      code: 'proof_of_work_invalid',
    });
  });

  it(`the difficulty rises a bit per doubling of paid failures and stops at the cap (base + ${MAX_EXTRA_BITS})`, async () => {
    // The password check is not what is measured here: a stand-in refuses at once, so 80 attempts stay quick.
    const { service } = instance({ verify: async () => false });
    await useUpFreeAttempts(service);
    const seen: number[] = [];
    for (let i = 0; i < 80; i++) {
      const proof = await solvedFor(service, REVIEWER.username);
      seen.push(proof.bits);
      await expect(service.login({ ...REVIEWER, password: WRONG, proofOfWork: proof })).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    }
    const ladder = seen.map((_, paid) => BITS + Math.min(Math.floor(Math.log2(1 + paid)), MAX_EXTRA_BITS));
    // Beyond 60 challenges a minute this instance's load adds to the ladder, never beyond the cap.
    expect(seen.slice(0, 60)).toEqual(ladder.slice(0, 60));
    for (const [paid, bits] of seen.entries()) expect([paid, bits >= ladder[paid]!]).toEqual([paid, true]);
    expect(Math.max(...seen)).toBe(BITS + MAX_EXTRA_BITS);
    expect(seen.at(-1)).toBe(BITS + MAX_EXTRA_BITS);
  });

  it('with wrong guesses arriving continuously, the reviewer with the right password still logs in', async () => {
    const { service } = instance();
    let attacking = true;
    let guesses = 0;
    const attacker = (async () => {
      while (attacking) {
        // Like any client: free attempts while there are some, then a proof for each guess.
        const owed = await service
          .login({ ...REVIEWER, password: WRONG })
          .catch((error: { code: string }) => error.code);
        if (owed === 'proof_of_work_required') {
          const proofOfWork = await solvedFor(service, REVIEWER.username);
          await service.login({ ...REVIEWER, password: WRONG, proofOfWork }).catch(() => {});
        }
        guesses += 1;
      }
    })();
    // The reviewer arrives once the attacker has used the free attempts and paid a few times.
    while (guesses < FREE_ATTEMPTS + 4) await new Promise((resolve) => setTimeout(resolve, 10));
    const solvedBits: number[] = [];
    let session;
    try {
      // The console's loop (frontend/src/console/logIn.ts): a proof when asked, a fresh one if it fell short.
      for (let round = 0; round < 10 && !session; round++) {
        const proof = round === 0 ? undefined : await solvedFor(service, REVIEWER.username);
        if (proof) solvedBits.push(proof.bits);
        session = await service.login({ ...REVIEWER, proofOfWork: proof }).catch((error: { code: string }) => {
          expect(['proof_of_work_required', 'proof_of_work_invalid']).toContain(error.code);
          return undefined;
        });
      }
    } finally {
      attacking = false;
      await attacker;
    }
    expect(session).toMatchObject(PASSED);
    expect(solvedBits.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...solvedBits)).toBeLessThanOrEqual(BITS + MAX_EXTRA_BITS);
  });
});

describe('the password-check line', () => {
  it('is bounded: free attempts beyond their share must pay, paid ones beyond the line get 503 and keep their proof', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The first check holds the line until released, so the line's state is exact.
    const { service } = instance({
      limits: { concurrency: 1, free: 1, paid: 2 },
      verify: async (hash, password) => {
        await held;
        return verifyPassword(hash, password);
      },
    });
    const first = service.login({ ...REVIEWER, password: WRONG });
    await expect(service.login({ username: 'someone.else', password: WRONG })).rejects.toMatchObject({
      status: 429,
      code: 'proof_of_work_required',
    });
    const paid = await solvedFor(service, 'another.one');
    const second = service.login({ username: 'another.one', password: WRONG, proofOfWork: paid });
    const proof = await solvedFor(service, REVIEWER.username);
    const busy = await service.login({ ...REVIEWER, proofOfWork: proof }).catch((error: unknown) => error);
    expect(busy).toMatchObject({ status: 503, code: 'server_busy', headers: { 'Retry-After': '2' } });
    release();
    await expect(first).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(second).rejects.toMatchObject({ code: 'invalid_credentials' });
    // The proof was not spent by the refusal: the retry logs in with it.
    await expect(service.login({ ...REVIEWER, proofOfWork: proof })).resolves.toMatchObject(PASSED);
  });
  it('gives back its place for every refusal: a wrong password, a spent proof, a proof owed', async () => {
    const { service, checks } = instance();
    await useUpFreeAttempts(service);
    expect(checks.admitted).toBe(0);
    const spent = await solvedFor(service, REVIEWER.username);
    await expect(service.login({ ...REVIEWER, password: WRONG, proofOfWork: spent })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(checks.admitted).toBe(0);
    // Refused by the guard (after a paid failure it is too easy as well as spent).
    await expect(service.login({ ...REVIEWER, proofOfWork: spent })).rejects.toMatchObject({
      code: 'proof_of_work_invalid',
    });
    expect(checks.admitted).toBe(0);
    await expect(service.login(REVIEWER)).rejects.toMatchObject({ code: 'proof_of_work_required' });
    expect(checks.admitted).toBe(0);
  });
});

describe('with proof of work off (bits 0)', () => {
  it('a login beyond the line is told the server is busy, not to pay', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { service } = instance({
      bits: 0,
      limits: { concurrency: 1, free: 1, paid: 1 },
      verify: async (hash, password) => {
        await held;
        return verifyPassword(hash, password);
      },
    });
    const first = service.login({ ...REVIEWER, password: WRONG });
    await expect(service.login({ username: 'someone.else', password: WRONG })).rejects.toMatchObject({
      status: 503,
      code: 'server_busy',
    });
    release();
    await expect(first).rejects.toMatchObject({ code: 'invalid_credentials' });
  });

  it('a proof counts for nothing: beyond the free attempts even one with a proof waits', async () => {
    const proof = await solvedFor(instance().service, REVIEWER.username);
    const { service, counter } = instance({ bits: 0 });
    await useUpFreeAttempts(service);
    await expect(service.login({ ...REVIEWER, password: WRONG, proofOfWork: proof })).rejects.toMatchObject({
      status: 429,
      code: 'too_many_attempts',
    });
    expect(counter.checks).toBe(FREE_ATTEMPTS);
  });
});

describe('over HTTP', () => {
  const api = () => request(platform.app);

  it('POST /api/v1/session/challenge gives a challenge at the username’s difficulty', async () => {
    const response = await api().post('/api/v1/session/challenge').send({ username: 'REV.ONE' }).expect(200);
    expect(response.body).toMatchObject({
      required: true,
      bits: BITS,
      challenge: expect.stringMatching(/^v1\.login\./),
    });
  });

  it('a login owed a proof gets 429 proof_of_work_required, then logs in with the proof', async () => {
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      await api()
        .post('/api/v1/session')
        .send({ ...REVIEWER, password: WRONG })
        .expect(401);
    }
    const owed = await api().post('/api/v1/session').send(REVIEWER).expect(429);
    expect(owed.body.error.code).toBe('proof_of_work_required');
    const challenge = await api().post('/api/v1/session/challenge').send({ username: REVIEWER.username }).expect(200);
    const proofOfWork = await solveProofOfWork(challenge.body);
    const response = await api()
      .post('/api/v1/session')
      .send({ ...REVIEWER, proofOfWork })
      .expect(200);
    expect(response.body).toMatchObject(PASSED);
  });

  it('GET /api/v1/challenges does not hand out login challenges', async () => {
    const response = await api().get('/api/v1/challenges?purpose=login').expect(400);
    expect(response.body.error.code).toBe('invalid_request');
  });

  it('finds reviewers by _id (the username): the one lookup the embedded engine does not scan', async () => {
    const stored = await platform.db.collection('reviewers').find().toArray();
    expect(stored.map((r) => r._id)).toEqual([REVIEWER.username]);
  });
});
