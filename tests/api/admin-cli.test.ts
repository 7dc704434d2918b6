import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import mongoose, { type Connection } from 'mongoose';

import { formatFingerprint, platformSigner, readAgencyKey, unlockPrivateKey } from '../../backend/src/crypto';
import { testEngineUri, uniqueDbName } from '../support/database';
import { cleanEnv, runTs } from '../support/processes';

const PASSPHRASE = 'a long agency passphrase';
const PASSWORD = 'first reviewer password';

describe('npm run admin -- init', () => {
  let dir: string;
  let dbName: string;
  let db: Connection;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'w412-admin-'));
    writeFileSync(path.join(dir, 'passphrase'), `${PASSPHRASE}\n`);
    writeFileSync(path.join(dir, 'password'), `${PASSWORD}\n`);
    dbName = uniqueDbName('admin');
    db = await mongoose.createConnection(testEngineUri(), { dbName }).asPromise();
  });
  afterEach(async () => {
    await db.dropDatabase();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = (args: string[], input?: string) =>
    runTs('backend/src/cli/admin.ts', args, {
      cwd: dir,
      env: cleanEnv({ MONGODB_URI: testEngineUri(), DB_NAME: dbName, DATA_DIR: path.join(dir, 'data') }),
      ...(input !== undefined ? { input } : {}),
    });
  const initFromFiles = (...extra: string[]) =>
    admin(['init', '--passphrase-file', 'passphrase', '--password-file', 'password', '--reviewer', 'chief', ...extra]);

  it('creates the agency key (private half in a 0600 file, public half in the database) and the first reviewer', async () => {
    const result = initFromFiles();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);

    const keyFile = path.join(dir, 'agency-private-key.asc');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const armoredPrivateKey = readFileSync(keyFile, 'utf8');
    await expect(unlockPrivateKey({ armoredPrivateKey, passphrase: 'wrong' })).rejects.toMatchObject({
      code: 'wrong_passphrase',
    });
    const privateKey = await unlockPrivateKey({ armoredPrivateKey, passphrase: PASSPHRASE });

    const keys = await db.collection('agency_keys').find().toArray();
    expect(keys).toHaveLength(1);
    const stored = await readAgencyKey({ armoredKey: keys[0]!.armoredPublicKey });
    expect(stored.fingerprint).toBe(privateKey.getFingerprint());
    expect(result.stdout).toContain(formatFingerprint(stored.fingerprint));
    // The first login as the console asks it: second factor, own key, then certify it.
    expect(result.stdout).toContain('set up the second factor,');
    expect(result.stdout).toContain('under Reviewers > Reviewer keys certify it with this key file');
    expect(readFileSync(path.join(dir, 'data', 'agency-fingerprint'), 'utf8').trim()).toBe(stored.fingerprint);

    // The platform signing key: a separate key, its private half beside the data (0600), its fingerprint printed.
    const platformKeyFile = path.join(dir, 'data', 'platform-signing-key.asc');
    expect(statSync(platformKeyFile).mode & 0o777).toBe(0o600);
    const platformKey = await platformSigner({ armoredPrivateKey: readFileSync(platformKeyFile, 'utf8') });
    expect(platformKey.fingerprint).not.toBe(stored.fingerprint);
    expect(result.stdout).toContain(`Platform signing key:    ${formatFingerprint(platformKey.fingerprint)}`);

    const reviewers = await db.collection('reviewers').find().toArray();
    expect(reviewers).toMatchObject([{ _id: 'chief', roles: ['reviewer', 'administrator'], disabledAt: null }]);
    expect(reviewers[0]!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=65536,p=1,t=3\$/);

    const everything = JSON.stringify(
      await Promise.all(['agency_keys', 'reviewers'].map((c) => db.collection(c).find().toArray())),
    );
    expect(everything).not.toContain('PRIVATE KEY');
    expect(everything).not.toContain(PASSPHRASE);
    expect(everything).not.toContain(PASSWORD);
  });

  it('refuses to run a second time without --force, says why, and changes nothing', async () => {
    expect(initFromFiles().status).toBe(0);
    const before = await db.collection('agency_keys').find().toArray();
    const again = initFromFiles('--key-out', 'second.asc');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already set up');
    expect(again.stderr).toContain('--force');
    expect(await db.collection('agency_keys').find().toArray()).toEqual(before);
    expect(existsSync(path.join(dir, 'second.asc'))).toBe(false);
  });

  it('with --force makes a new current key, retires the old one, and keeps the old key file', async () => {
    expect(initFromFiles().status).toBe(0);
    const oldFile = readFileSync(path.join(dir, 'agency-private-key.asc'), 'utf8');
    const forced = initFromFiles('--force', '--key-out', 'agency-2.asc');
    expect(forced.status).toBe(0);
    const keys = await db.collection('agency_keys').find().sort({ createdAt: 1 }).toArray();
    expect(keys).toHaveLength(2);
    expect(keys[0]!.retiredAt).toBeInstanceOf(Date);
    expect(keys[1]!.retiredAt).toBeNull();
    expect(readFileSync(path.join(dir, 'agency-private-key.asc'), 'utf8')).toBe(oldFile);
  });

  it('with --force ends every session and changes no other reviewer, leaving disabled ones disabled', async () => {
    expect(initFromFiles().status).toBe(0);
    const now = new Date();
    const later = new Date(now.getTime() + 3_600_000);
    await db.collection('reviewers').insertMany([
      { _id: 'gone', passwordHash: 'h1', roles: ['reviewer'], createdAt: now, disabledAt: now },
      { _id: 'other', passwordHash: 'h2', roles: ['reviewer'], createdAt: now, disabledAt: null },
    ] as never[]);
    await db.collection('reviewers').updateOne({ _id: 'chief' as never }, { $set: { disabledAt: now } });
    await db.collection('sessions').insertMany(
      ['chief', 'gone', 'other'].map((reviewerId, i) => ({
        _id: `session-${i}`,
        reviewerId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: later,
      })) as never[],
    );
    const before = await db
      .collection('reviewers')
      .find({ _id: { $in: ['gone', 'other'] } as never })
      .toArray();

    const forced = initFromFiles('--force', '--key-out', 'agency-2.asc');
    expect(forced.stderr).toBe('');
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain('Sessions ended:          3');
    // What to do next is the rotation's (certify every key again), not a first login's.
    expect(forced.stdout).toContain('certify every reviewer key again with this new key file');
    expect(forced.stdout).not.toContain('set up the second factor');
    expect(forced.stdout).toContain('chief (administrator, DISABLED: it stays disabled)');
    expect(await db.collection('sessions').countDocuments()).toBe(0);
    expect(
      await db
        .collection('reviewers')
        .find({ _id: { $in: ['gone', 'other'] } as never })
        .toArray(),
    ).toEqual(before);
    expect((await db.collection('reviewers').findOne({ _id: 'chief' as never }))!.disabledAt).toEqual(now);
    // The rotation and the sessions it ended are in the audit log, written by the command.
    const entries = await db.collection('audit_log').find().sort({ _id: 1 }).toArray();
    expect(entries.map((e) => [e.action, e.details])).toEqual([
      ['agency-key.create', { fingerprint: expect.stringMatching(/^[0-9a-f]{40}$/) }],
      ['platform-key.create', { fingerprint: expect.stringMatching(/^[0-9a-f]{40}$/) }],
      ['reviewer.add', { roles: 'reviewer,administrator' }],
      // --force keeps the platform signing key: receipts signed so far stay checkable.
      ['agency-key.rotate', { fingerprint: expect.any(String), previous: entries[0]!.details.fingerprint }],
      ['session.end', { reason: 'agency-key-rotated', sessions: 3 }],
      ['reviewer.reset-password', {}],
    ]);
    expect(entries.every((e) => /^cli:/.test(e.actor as string))).toBe(true);
  });

  it('never overwrites an existing key file, even with --force', async () => {
    expect(initFromFiles().status).toBe(0);
    const forced = initFromFiles('--force');
    expect(forced.status).toBe(1);
    expect(forced.stderr).toContain('already exists');
    expect(await db.collection('agency_keys').countDocuments()).toBe(1);
  });

  it('asks for the passphrase and password (twice each) when no files are given', async () => {
    const result = admin(['init'], `${PASSPHRASE}\n${PASSPHRASE}\n${PASSWORD}\n${PASSWORD}\n`);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('Passphrase for the new agency private key');
    expect(result.stderr).toContain('Password for reviewer "admin"');
    expect(await db.collection('reviewers').findOne({ _id: 'admin' as never })).toMatchObject({
      roles: ['reviewer', 'administrator'],
      passwordHash: expect.stringMatching(/^\$argon2id\$/),
    });
  });

  it.each([
    ['short', 'short'],
    ['only spaces', ' '.repeat(16)],
  ])('refuses a passphrase that is %s and writes nothing', async (_what, passphrase) => {
    writeFileSync(path.join(dir, 'passphrase'), `${passphrase}\n`);
    const result = initFromFiles();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('The passphrase needs at least 12 characters');
    expect(existsSync(path.join(dir, 'agency-private-key.asc'))).toBe(false);
    expect(await db.collection('agency_keys').countDocuments()).toBe(0);
  });

  it('explains its usage for an unknown command (exit 2)', () => {
    const result = admin(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown command: frobnicate');
    expect(result.stderr).toContain('Usage: npm run admin -- <command>');
  });
});

describe('npm run admin -- reviewer … and audit verify', () => {
  let dir: string;
  let dbName: string;
  let db: Connection;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'w412-admin-rev-'));
    writeFileSync(path.join(dir, 'passphrase'), `${PASSPHRASE}\n`);
    writeFileSync(path.join(dir, 'password'), `${PASSWORD}\n`);
    writeFileSync(path.join(dir, 'new-password'), 'a new password for them\n');
    dbName = uniqueDbName('adminrev');
    db = await mongoose.createConnection(testEngineUri(), { dbName }).asPromise();
    expect(
      admin(['init', '--passphrase-file', 'passphrase', '--password-file', 'password', '--reviewer', 'chief']).status,
    ).toBe(0);
  });
  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = (args: string[], input?: string) =>
    runTs('backend/src/cli/admin.ts', args, {
      cwd: dir,
      env: cleanEnv({ MONGODB_URI: testEngineUri(), DB_NAME: dbName, DATA_DIR: path.join(dir, 'data') }),
      ...(input !== undefined ? { input } : {}),
    });
  const reviewer = (username: string) => db.collection('reviewers').findOne({ _id: username as never });
  const audit = () => db.collection('audit_log').find().sort({ _id: 1 }).toArray();

  it('adds a reviewer, with the password from a file or asked twice, and an administrator with --administrator', async () => {
    const fromFile = admin(['reviewer', 'add', 'Ana.Reviewer', '--password-file', 'password']);
    expect([fromFile.status, fromFile.stderr]).toEqual([0, '']);
    expect(fromFile.stdout).toContain('Added ana.reviewer (reviewer)');
    expect(await reviewer('ana.reviewer')).toMatchObject({ roles: ['reviewer'], disabledAt: null, secondFactor: null });

    const asked = admin(['reviewer', 'add', 'boss', '--administrator'], `${PASSWORD}\n${PASSWORD}\n`);
    expect(asked.status).toBe(0);
    expect(asked.stderr).toContain('Password for reviewer "boss"');
    expect(await reviewer('boss')).toMatchObject({ roles: ['reviewer', 'administrator'] });

    const again = admin(['reviewer', 'add', 'boss', '--password-file', 'password']);
    expect([again.status, again.stderr.trim()]).toEqual([1, 'A reviewer with this username exists.']);
    const entries = await audit();
    expect(
      entries.filter((e) => e.action === 'reviewer.add').map((e) => [e.target, e.actor.startsWith('cli:')]),
    ).toEqual([
      ['chief', true],
      ['ana.reviewer', true],
      ['boss', true],
    ]);
  });

  it('disables (ending sessions) and enables, resets a password and the second factor, ends sessions', async () => {
    const later = new Date(Date.now() + 3_600_000);
    const session = (id: string) => ({
      _id: id,
      reviewerId: 'ana.reviewer',
      createdAt: new Date(),
      lastSeenAt: new Date(),
      expiresAt: later,
    });
    await db.collection('sessions').insertMany([session('s1'), session('s2')] as never[]);
    const disabled = admin(['reviewer', 'disable', 'ana.reviewer']);
    expect([disabled.status, disabled.stdout.trim()]).toEqual([0, 'Disabled ana.reviewer; sessions ended: 2.']);
    expect((await reviewer('ana.reviewer'))!.disabledAt).toBeInstanceOf(Date);
    expect(admin(['reviewer', 'enable', 'ana.reviewer']).status).toBe(0);
    expect((await reviewer('ana.reviewer'))!.disabledAt).toBeNull();

    const before = (await reviewer('ana.reviewer'))!.passwordHash;
    const reset = admin(['reviewer', 'reset-password', 'ana.reviewer', '--password-file', 'new-password']);
    expect(reset.status).toBe(0);
    expect((await reviewer('ana.reviewer'))!.passwordHash).not.toBe(before);

    await db
      .collection('reviewers')
      .updateOne(
        { _id: 'ana.reviewer' as never },
        { $set: { secondFactor: { sealedSecret: 'x', lastStep: 1, enrolledAt: new Date(), recoveryBatch: 'b' } } },
      );
    await db
      .collection('recovery_codes')
      .insertOne({ _id: 'code-hash', reviewerId: 'ana.reviewer', batch: 'b', usedAt: null } as never);
    const second = admin(['reviewer', 'reset-second-factor', 'ana.reviewer']);
    expect(second.status).toBe(0);
    expect((await reviewer('ana.reviewer'))!.secondFactor).toBeNull();
    expect(await db.collection('recovery_codes').countDocuments()).toBe(0);

    await db.collection('sessions').insertOne(session('s3') as never);
    expect(admin(['reviewer', 'end-sessions', 'ana.reviewer']).stdout.trim()).toBe(
      'Sessions of ana.reviewer ended: 1.',
    );
    expect(await db.collection('sessions').countDocuments()).toBe(0);

    const actions = (await audit()).filter((e) => e.target === 'ana.reviewer').map((e) => e.action);
    expect(actions).toEqual([
      'reviewer.add',
      'reviewer.disable',
      'session.end',
      'reviewer.enable',
      'reviewer.reset-password',
      'session.end',
      'second-factor.reset',
      'session.end',
      'session.end',
    ]);
  });

  it('lists every account with its state', () => {
    const list = admin(['reviewer', 'list']);
    expect(list.status).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toBe('username\troles\tstate\tsecond factor\tsessions\tlast active');
    expect(lines.slice(1).map((l) => l.split('\t').slice(0, 5))).toEqual([
      ['ana.reviewer', 'reviewer', 'active', 'not enrolled', '0'],
      ['boss', 'administrator', 'active', 'not enrolled', '0'],
      ['chief', 'administrator', 'active', 'not enrolled', '0'],
    ]);
  });

  it.each([
    [['reviewer', 'disable', 'nobody.here'], 1, 'There is no reviewer with this username.'],
    [['reviewer', 'add', 'x', '--password-file', 'password'], 1, 'A username has 2–64 letters'],
    [['reviewer', 'disable'], 2, 'reviewer disable takes one username.'],
    [['reviewer', 'promote', 'boss'], 2, 'Unknown command: reviewer promote boss'],
    [['audit', 'verify', '--anchor', 'nonsense'], 1, '--anchor nonsense: expected'],
  ])('%j is refused (exit %i) and says why', (args, status, message) => {
    const result = admin(args);
    expect(result.status).toBe(status);
    expect(result.stderr).toContain(message);
  });

  describe('audit verify', () => {
    it('passes on the log the commands wrote and prints the head to keep', async () => {
      const result = admin(['audit', 'verify']);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const entries = await audit();
      expect(result.stdout).toContain(`The audit log verifies: ${entries.length} entries`);
      expect(result.stdout).toContain(`${entries.length}:${entries.at(-1)!.hash}`);
      expect(admin(['audit', 'verify', '--anchor', `3:${entries[2]!.hash}`]).status).toBe(0);
    });

    it('names the entry edited in the database', async () => {
      const entries = await audit();
      await db.collection('audit_log').updateOne({ _id: 4 as never }, { $set: { target: 'someone.else' } });
      try {
        const result = admin(['audit', 'verify']);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain('The audit log is broken at entry 4: entry 4 was changed');
      } finally {
        await db.collection('audit_log').updateOne({ _id: 4 as never }, { $set: { target: entries[3]!.target } });
      }
      expect(admin(['audit', 'verify']).status).toBe(0);
    });

    it('names the entry deleted from the database', async () => {
      await db.collection('audit_log').deleteOne({ _id: 5 as never });
      const result = admin(['audit', 'verify']);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('The audit log is broken at entry 5: entry 5 is missing');
    });
  });
});
