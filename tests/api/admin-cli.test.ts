import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import mongoose, { type Connection } from 'mongoose';

import { formatFingerprint, readAgencyKey, unlockPrivateKey } from '../../backend/src/crypto';
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
    expect(readFileSync(path.join(dir, 'data', 'agency-fingerprint'), 'utf8').trim()).toBe(stored.fingerprint);

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
    expect(forced.stdout).toContain('chief (administrator, DISABLED: it stays disabled)');
    expect(await db.collection('sessions').countDocuments()).toBe(0);
    expect(
      await db
        .collection('reviewers')
        .find({ _id: { $in: ['gone', 'other'] } as never })
        .toArray(),
    ).toEqual(before);
    expect((await db.collection('reviewers').findOne({ _id: 'chief' as never }))!.disabledAt).toEqual(now);
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
