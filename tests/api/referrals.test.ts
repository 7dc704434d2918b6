import request from 'supertest';

import {
  createCryptoApi,
  generateAgencyKey,
  readArmor,
  verifiedRecipientSet,
  writeArmor,
} from '../../backend/src/crypto';
import { gpgDestination } from '../support/destination';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { encryptToKeys, packetsOf, sealForPlatform, strangerKey } from '../support/reports';

/**
 * Referrals and destination keys through the API, on the real engine: a
 * referral is ciphertext to the recipient set, stored under its report and
 * read by `_id`; a destination key is checked strictly; every step is in the
 * audit log; bad input gets a clear 4xx and writes nothing.
 */
let platform: TestPlatform;
let token: string;
let admin: Awaited<ReturnType<TestPlatform['addAdministrator']>>;
let reportId: string;
let destination: ReturnType<typeof gpgDestination>;
const crypto = createCryptoApi();

const api = () => request(platform.app);
const CANARY = 'REFERRALCANARY-Қылмыс жасауға арандату';

async function sealReferral(referral: unknown = { addressee: CANARY }) {
  const { recipientsRef } = await crypto.prepareRecipients({
    armoredAgencyKey: platform.agency.armoredPublicKey,
    pinnedAgencyFingerprint: platform.agency.fingerprint,
  });
  return crypto.encryptReferral({ referral, recipientsRef });
}

beforeAll(async () => {
  platform = await startTestPlatform('referrals');
  token = await platform.login();
  admin = await platform.addAdministrator();
  const { submission } = await sealForPlatform(platform);
  await api().post('/api/v1/reports').send(submission).expect(201);
  await platform.settled();
  reportId = (await api().get('/api/v1/reports').auth(token, { type: 'bearer' }).expect(200)).body.reports[0].id;
  destination = gpgDestination();
});
afterAll(async () => {
  destination.home.remove();
  await platform.close();
});

async function auditActions(): Promise<{ action: string; target: string; details: Record<string, unknown> }[]> {
  return platform.db.collection('audit_log').find().sort({ _id: 1 }).toArray() as never;
}

describe('destination keys', () => {
  it('an administrator registers a gpg-made key: stored re-armored, fingerprint shown, audited', async () => {
    const withComment = destination.armoredPublicKey.replace(
      '-----BEGIN PGP PUBLIC KEY BLOCK-----\n',
      '-----BEGIN PGP PUBLIC KEY BLOCK-----\nComment: anything at all\n',
    );
    const added = await api()
      .post('/api/v1/admin/destination-keys')
      .auth(admin.token, { type: 'bearer' })
      .send({ name: 'Прокуратура г. Алматы', armoredPublicKey: withComment })
      .expect(201);
    expect(added.body).toMatchObject({
      fingerprint: destination.fingerprint,
      name: 'Прокуратура г. Алматы',
      userId: 'Prosecutor test office <office@example.kz>',
      createdBy: admin.username,
    });
    expect(added.body.armoredPublicKey).not.toContain('Comment');
    expect(await packetsOf(added.body.armoredPublicKey)).toBe(await packetsOf(destination.armoredPublicKey));
    const listed = await api().get('/api/v1/destination-keys').auth(token, { type: 'bearer' }).expect(200);
    expect(listed.body.destinationKeys.map((k: { fingerprint: string }) => k.fingerprint)).toEqual([
      destination.fingerprint,
    ]);
    const entry = (await auditActions()).at(-1)!;
    expect(entry).toMatchObject({ action: 'destination-key.add', target: destination.fingerprint });
  });

  it('the same key twice is 409 destination_key_exists', async () => {
    const response = await api()
      .post('/api/v1/admin/destination-keys')
      .auth(admin.token, { type: 'bearer' })
      .send({ name: 'again', armoredPublicKey: destination.armoredPublicKey })
      .expect(409);
    expect(response.body.error.code).toBe('destination_key_exists');
  });

  it('only an administrator registers or removes one (403 for a reviewer, 401 without a session)', async () => {
    const body = { name: 'x', armoredPublicKey: destination.armoredPublicKey };
    await api().post('/api/v1/admin/destination-keys').send(body).expect(401);
    const refused = await api()
      .post('/api/v1/admin/destination-keys')
      .auth(token, { type: 'bearer' })
      .send(body)
      .expect(403);
    expect(refused.body.error.code).toBe('forbidden');
    await api()
      .delete(`/api/v1/admin/destination-keys/${destination.fingerprint}`)
      .auth(token, { type: 'bearer' })
      .expect(403);
  });

  it.each([
    ['a private key', async () => (await generateAgencyKey({ agencyName: 'x', passphrase: 'y' })).armoredPrivateKey],
    ['a message, not a key', async () => encryptToKeys('hello', [platform.agency.armoredPublicKey])],
    [
      'armor with a broken checksum',
      async () => destination.armoredPublicKey.replace(/\n=[A-Za-z0-9+/]{4}\n/, '\n=AAAA\n'),
    ],
    [
      'two keys in one block',
      async () => {
        const other = gpgDestination('Other <o@example.kz>');
        const both = other.home.run(['--armor', '--export']).stdout.toString('utf8');
        const imported = destination.home.run(['--armor', '--export']).stdout.toString('utf8');
        other.home.remove();
        // Two blocks' packets joined under one armor.
        return writeArmor(
          'PUBLIC KEY BLOCK',
          Buffer.concat([readArmor(both, 'PUBLIC KEY BLOCK'), readArmor(imported, 'PUBLIC KEY BLOCK')]),
        );
      },
    ],
    ['garbage', async () => 'not a key at all'],
  ])('%s is refused with 400 invalid_destination_key and writes nothing', async (_what, make) => {
    const before = await platform.counts();
    const response = await api()
      .post('/api/v1/admin/destination-keys')
      .auth(admin.token, { type: 'bearer' })
      .send({ name: 'bad', armoredPublicKey: await make() })
      .expect(400);
    expect(response.body.error.code).toBe('invalid_destination_key');
    expect(await platform.counts()).toEqual(before);
  });

  it('a body with an unknown field or no name is 400 invalid_request', async () => {
    for (const body of [
      { armoredPublicKey: destination.armoredPublicKey },
      { name: 'x', armoredPublicKey: 'k', extra: 1 },
    ]) {
      const response = await api()
        .post('/api/v1/admin/destination-keys')
        .auth(admin.token, { type: 'bearer' })
        .send(body)
        .expect(400);
      expect(response.body.error.code).toBe('invalid_request');
    }
  });
});

describe('referrals', () => {
  let referralId: string;

  it('a reviewer stores a referral encrypted to the recipient set; it is listed under the report and audited', async () => {
    const sealed = await sealReferral();
    const stored = await api()
      .post(`/api/v1/reports/${reportId}/referrals`)
      .auth(token, { type: 'bearer' })
      .send(sealed)
      .expect(201);
    referralId = stored.body.id;
    expect(referralId).toBe(`${reportId}.1`);
    expect(stored.body).toMatchObject({ reportId, createdBy: 'rev.one', envelopeVersion: 1 });
    const listed = await api().get(`/api/v1/reports/${reportId}/referrals`).auth(token, { type: 'bearer' }).expect(200);
    expect(listed.body.referrals).toHaveLength(1);
    expect(await packetsOf(listed.body.referrals[0].armoredReferral)).toBe(await packetsOf(sealed.armoredReferral));
    // The agency key opens it (as a reviewer's browser would, with the key unlocked in the worker).
    const { keyRef } = await crypto.unlockKey({
      armoredPrivateKey: platform.agency.armoredPrivateKey,
      passphrase: 'test agency passphrase, long enough',
    });
    const opened = await crypto.decryptReferral({ armoredReferral: listed.body.referrals[0].armoredReferral, keyRef });
    expect(opened).toEqual({ status: 'ok', referral: { addressee: CANARY } });
    const entry = (await auditActions()).at(-1)!;
    expect(entry).toMatchObject({ action: 'referral.create', target: reportId, details: { referral: referralId } });
    // Nothing of it is plaintext in the database.
    const raw = JSON.stringify(await platform.db.collection('referrals').find().toArray());
    expect(raw).not.toContain('REFERRALCANARY');
  });

  it('a second referral of the same report gets the next number; GET /referrals/:id reads one by id', async () => {
    const second = await api()
      .post(`/api/v1/reports/${reportId}/referrals`)
      .auth(token, { type: 'bearer' })
      .send(await sealReferral({ second: true }))
      .expect(201);
    expect(second.body.id).toBe(`${reportId}.2`);
    const one = await api().get(`/api/v1/referrals/${second.body.id}`).auth(token, { type: 'bearer' }).expect(200);
    expect(one.body.id).toBe(second.body.id);
  });

  it('concurrent saves each get their own number; none is lost', async () => {
    const sealed = await Promise.all([1, 2, 3].map((n) => sealReferral({ n })));
    const answers = await Promise.all(
      sealed.map((s) => api().post(`/api/v1/reports/${reportId}/referrals`).auth(token, { type: 'bearer' }).send(s)),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(3);
    const listed = await api().get(`/api/v1/reports/${reportId}/referrals`).auth(token, { type: 'bearer' }).expect(200);
    expect(listed.body.referrals.map((r: { id: string }) => r.id)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `${reportId}.${n}`),
    );
  });

  it.each([
    [
      'not encrypted to the agency key',
      async () => ({ envelopeVersion: 1, armoredReferral: await encryptToKeys('x', [await strangerKey()]) }),
      422,
      'not_addressed_to_agency',
    ],
    [
      'also encrypted to a stranger',
      async () => ({
        envelopeVersion: 1,
        armoredReferral: await encryptToKeys('x', [platform.agency.armoredPublicKey, await strangerKey()]),
      }),
      422,
      'unknown_recipient',
    ],
    ['not a message', async () => ({ envelopeVersion: 1, armoredReferral: 'hello' }), 400, 'invalid_armor'],
    ['too long', async () => ({ envelopeVersion: 1, armoredReferral: 'x'.repeat(300_001) }), 413, 'referral_too_large'],
    ['an unknown version', async () => ({ ...(await sealReferral()), envelopeVersion: 2 }), 400, 'invalid_request'],
    ['an unknown field', async () => ({ ...(await sealReferral()), outgoingNumber: '12' }), 400, 'invalid_request'],
  ])('%s is refused and writes nothing', async (_what, make, status, code) => {
    const before = await platform.counts();
    const response = await api()
      .post(`/api/v1/reports/${reportId}/referrals`)
      .auth(token, { type: 'bearer' })
      .send(await make())
      .expect(status);
    expect(response.body.error.code).toBe(code);
    expect(await platform.counts()).toEqual(before);
  });

  it('a referral of a report that does not exist is 404 report_not_found; an unknown referral 404 referral_not_found', async () => {
    const missing = 'A'.repeat(22);
    const response = await api()
      .post(`/api/v1/reports/${missing}/referrals`)
      .auth(token, { type: 'bearer' })
      .send(await sealReferral())
      .expect(404);
    expect(response.body.error.code).toBe('report_not_found');
    const none = await api().get(`/api/v1/referrals/${reportId}.9`).auth(token, { type: 'bearer' }).expect(404);
    expect(none.body.error.code).toBe('referral_not_found');
    const bad = await api().get('/api/v1/referrals/nonsense').auth(token, { type: 'bearer' }).expect(400);
    expect(bad.body.error.code).toBe('invalid_request');
  });

  it('referral routes need a session', async () => {
    await api().get(`/api/v1/reports/${reportId}/referrals`).expect(401);
    await api()
      .post(`/api/v1/reports/${reportId}/referrals`)
      .send(await sealReferral())
      .expect(401);
  });

  it('an export is recorded before the destination key is answered; an unknown destination is 404', async () => {
    const prepared = await api()
      .post(`/api/v1/referrals/${referralId}/exports`)
      .auth(token, { type: 'bearer' })
      .send({ destinationFingerprint: destination.fingerprint, files: 2 })
      .expect(200);
    expect(prepared.body.destination.fingerprint).toBe(destination.fingerprint);
    expect(prepared.body.destination.armoredPublicKey).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    expect((await auditActions()).at(-1)).toMatchObject({
      action: 'referral.export',
      target: reportId,
      details: { referral: referralId, destination: destination.fingerprint, files: 2 },
    });
    const before = await platform.counts();
    const unknown = await api()
      .post(`/api/v1/referrals/${referralId}/exports`)
      .auth(token, { type: 'bearer' })
      .send({ destinationFingerprint: 'a'.repeat(40), files: 0 })
      .expect(404);
    expect(unknown.body.error.code).toBe('destination_key_not_found');
    expect(await platform.counts()).toEqual(before);
  });

  it('the served destination key is the one the browser checks: a wrong expected fingerprint is refused', async () => {
    await expect(
      crypto.prepareDestination({
        armoredDestinationKey: destination.armoredPublicKey,
        expectedFingerprint: 'b'.repeat(40),
      }),
    ).rejects.toMatchObject({ code: 'agency_key_mismatch' });
    // And the recipient set a referral is sealed to is exactly what reports use.
    const { keys } = await verifiedRecipientSet({
      armoredAgencyKey: platform.agency.armoredPublicKey,
      pinnedAgencyFingerprint: platform.agency.fingerprint,
    });
    expect(keys.map((k) => k.getFingerprint())).toEqual([platform.agency.fingerprint]);
  });

  it('an administrator removes a destination key (audited); removing it again is 404', async () => {
    await api()
      .delete(`/api/v1/admin/destination-keys/${destination.fingerprint}`)
      .auth(admin.token, { type: 'bearer' })
      .expect(204);
    expect((await auditActions()).at(-1)).toMatchObject({ action: 'destination-key.remove' });
    const again = await api()
      .delete(`/api/v1/admin/destination-keys/${destination.fingerprint}`)
      .auth(admin.token, { type: 'bearer' })
      .expect(404);
    expect(again.body.error.code).toBe('destination_key_not_found');
  });
});
