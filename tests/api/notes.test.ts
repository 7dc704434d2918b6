import { randomBytes } from 'node:crypto';

import request from 'supertest';

import { createCryptoApi, generateAgencyKey } from '../../backend/src/crypto';
import { startTestPlatform, AGENCY_PASSPHRASE, type TestPlatform } from '../support/platform';
import { encryptToKeys, sealForPlatform, strangerKey } from '../support/reports';

/**
 * Internal notes: encrypted by the same code the console's worker runs, to
 * the recipient set (never the reporter's key); the server keeps only
 * ciphertext, refuses a note to any other key, and records each in the audit log.
 */
let platform: TestPlatform;
let token: string;
let reportId: string;
let reporterPublicKey: string;
beforeAll(async () => {
  platform = await startTestPlatform('notes');
  token = await platform.login();
  const { submission } = await sealForPlatform(platform);
  await request(platform.app).post('/api/v1/reports').send(submission).expect(201);
  await platform.settled();
  reporterPublicKey = submission.reporterKey.armoredPublicKey;
  const list = await request(platform.app).get('/api/v1/reports').set('Authorization', `Bearer ${token}`).expect(200);
  reportId = list.body.reports[0].id;
});
afterAll(() => platform.close());

const post = (id: string, armoredNote: unknown) =>
  request(platform.app)
    .post(`/api/v1/reports/${id}/notes`)
    .set('Authorization', `Bearer ${token}`)
    .send({ armoredNote });

async function sealNote(text: string) {
  const crypto = createCryptoApi();
  const { recipientsRef } = await crypto.prepareRecipients({
    armoredAgencyKey: platform.agency.armoredPublicKey,
    pinnedAgencyFingerprint: platform.agency.fingerprint,
  });
  return (await crypto.encryptNote({ text, recipientsRef })).armoredNote;
}

it('a note is stored as ciphertext, listed in order, read with the agency key, and audited', async () => {
  const canary = `NOTECANARY-${randomBytes(6).toString('hex')}`;
  const first = await post(reportId, await sealNote(`Позвонить адвокату. ${canary}`)).expect(201);
  expect(first.body).toMatchObject({ n: 1, author: 'rev.one' });
  await post(reportId, await sealNote('Қосымша тексеру керек.')).expect(201);
  const listed = await request(platform.app)
    .get(`/api/v1/reports/${reportId}/notes`)
    .set('Authorization', `Bearer ${token}`)
    .expect(200);
  expect(listed.body.notes.map((n: { n: number; author: string }) => [n.n, n.author])).toEqual([
    [1, 'rev.one'],
    [2, 'rev.one'],
  ]);
  const crypto = createCryptoApi();
  const { keyRef } = await crypto.unlockKey({
    armoredPrivateKey: platform.agency.armoredPrivateKey,
    passphrase: AGENCY_PASSPHRASE,
  });
  const read = await crypto.decryptNote({ armoredNote: listed.body.notes[0].armoredNote, keyRef });
  expect(read).toEqual({ status: 'ok', text: `Позвонить адвокату. ${canary}` });
  // Another key reads nothing, and says so rather than throwing.
  const other = await generateAgencyKey({ agencyName: 'Other', passphrase: 'other passphrase 123' });
  const { keyRef: otherRef } = await crypto.unlockKey({
    armoredPrivateKey: other.armoredPrivateKey,
    passphrase: 'other passphrase 123',
  });
  expect(await crypto.decryptNote({ armoredNote: listed.body.notes[0].armoredNote, keyRef: otherRef })).toEqual({
    status: 'failed',
  });
  const stored = JSON.stringify(await platform.db.collection('report_notes').find({}).toArray());
  expect(stored).not.toContain(canary);
  const audited = await platform.db.collection('audit_log').find({ action: 'report.note' }).toArray();
  expect(audited.map((e) => [e.actor, e.target, e.details.n])).toEqual([
    ['rev.one', reportId, 1],
    ['rev.one', reportId, 2],
  ]);
});

it('two reviewers adding notes at once: each gets its own number', async () => {
  const notes: string[] = await Promise.all(Array.from({ length: 6 }, (_, i) => sealNote(`concurrent ${i}`)));
  const responses: request.Response[] = await Promise.all(notes.map((note) => post(reportId, note)));
  expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
  expect(new Set(responses.map((r) => r.body.n)).size).toBe(6);
});

describe('refused, and nothing written', () => {
  it.each([
    [
      'encrypted to the reporter key too',
      async () => encryptToKeys('note', [platform.agency.armoredPublicKey, reporterPublicKey]),
      422,
      'unknown_recipient',
    ],
    [
      'encrypted to a stranger too',
      async () => encryptToKeys('note', [platform.agency.armoredPublicKey, await strangerKey()]),
      422,
      'unknown_recipient',
    ],
    [
      'not encrypted to the agency key',
      async () => encryptToKeys('note', [await strangerKey()]),
      422,
      'not_addressed_to_agency',
    ],
    ['not armor', async () => 'a plaintext note', 400, 'invalid_armor'],
    ['too long', async () => 'x'.repeat(200_001), 413, 'note_too_large'],
  ])('a note %s', async (_name, make, status, code) => {
    const before = await platform.db.collection('report_notes').countDocuments();
    const response = await post(reportId, await make()).expect(status);
    expect(response.body.error.code).toBe(code);
    expect(await platform.db.collection('report_notes').countDocuments()).toBe(before);
  });

  it('a note on a report that does not exist is 404', async () => {
    const response = await post(randomBytes(16).toString('base64url'), await sealNote('x')).expect(404);
    expect(response.body.error.code).toBe('report_not_found');
  });
});
