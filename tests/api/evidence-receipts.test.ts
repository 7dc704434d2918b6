import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { readSignature } from 'openpgp';
import request from 'supertest';

import { openEvidenceReceipt, SEGMENT_BYTES, type EvidenceReceipt } from '../../backend/src/crypto';
import { reportIdOf } from '../../backend/src/features/reports/service';
import { createUpload, encryptFileForPlatform, putSegment, uploadFile, type Upload } from '../support/attachments';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { sealForPlatform } from '../support/reports';

/**
 * Evidence receipts: a file's receipt is signed by the platform signing key
 * when its upload completes, says what the server holds (each segment's and
 * the whole ciphertext's SHA-256 and size) and the hour, no finer; it is
 * signed again with the report's reference once the file is sent. Reviewers'
 * readings of a file are its custody entries in the audit log.
 */
let platform: TestPlatform;
let segments: Buffer[];
let token: string;
beforeAll(async () => {
  platform = await startTestPlatform('evidence-receipts');
  ({ segments } = await encryptFileForPlatform(platform, randomBytes(5000)));
  token = await platform.login();
});
afterAll(() => platform.close());

const HOUR = 3_600_000;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const getReceipt = (id: string) => request(platform.app).get(`/api/v1/evidence-receipts/${id}`);

async function opened(id: string) {
  const served = (await getReceipt(id).expect(200)).body as {
    receipt: string;
    armoredSignature: string;
    platformFingerprint: string;
  };
  const key = (await request(platform.app).get('/api/v1/platform-key').expect(200)).body as {
    armoredPublicKey: string;
    fingerprint: string;
  };
  const config = (await request(platform.app).get('/api/v1/config').expect(200)).body as {
    platformFingerprint: string;
  };
  const result = await openEvidenceReceipt({
    receiptText: served.receipt,
    armoredSignature: served.armoredSignature,
    armoredPlatformKey: key.armoredPublicKey,
    platformFingerprint: config.platformFingerprint,
  });
  return { served, result, receipt: JSON.parse(served.receipt) as EvidenceReceipt };
}

describe('the platform signing key', () => {
  it('is made once, kept in the data folder with mode 0600, and its fingerprint is served beside the agency one', async () => {
    const config = (await request(platform.app).get('/api/v1/config').expect(200)).body;
    expect(config.agencyFingerprint).toBe(platform.agency.fingerprint);
    expect(config.platformFingerprint).toMatch(/^[0-9a-f]{40}$/);
    expect(config.platformFingerprint).not.toBe(platform.agency.fingerprint);
    const file = path.join(platform.dataDir, 'platform-signing-key.asc');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('BEGIN PGP PRIVATE KEY BLOCK');
    const served = (await request(platform.app).get('/api/v1/platform-key').expect(200)).body;
    expect(served.fingerprint).toBe(config.platformFingerprint);
    expect(served.armoredPublicKey).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    expect(served.armoredPublicKey).not.toContain('PRIVATE');
  });
});

describe('a receipt for every complete upload', () => {
  it('exists for no upload that is not complete, and the same 404 answers an unknown id', async () => {
    const upload = await createUpload(platform, 2);
    await putSegment(platform, upload, 0, segments[0]!).expect(200);
    const partial = await getReceipt(upload.id).expect(404);
    expect(partial.body.error.code).toBe('evidence_receipt_not_found');
    const unknown = await getReceipt('A'.repeat(22)).expect(404);
    expect(unknown.body).toEqual(partial.body);
    await getReceipt('not-an-id').expect(400);
  });

  it('is issued on completion, fetched by the file id, states the stored ciphertext and the hour, and verifies', async () => {
    platform.clock.advance(7 * 60_000);
    const upload = await uploadFile(platform, segments);
    const { result, receipt, served } = await opened(upload.id);
    expect(result.verified).toBe(true);
    expect(receipt).toMatchObject({
      type: 'whistle412/evidence-receipt',
      version: 1,
      file: upload.id,
      report: null,
      addedBy: 'reporter',
      platformKey: served.platformFingerprint,
    });
    expect(receipt.segments).toEqual(
      segments.map((bytes, index) => ({ index, bytes: bytes.length, sha256: sha256(bytes) })),
    );
    const whole = Buffer.concat(segments);
    expect(receipt.ciphertext).toEqual({ bytes: whole.length, sha256: sha256(whole) });

    // Hour precision: the receipt's time and the signature packet's time are whole hours, the clock's hour.
    const hour = Math.floor(platform.clock.now().getTime() / HOUR) * HOUR;
    expect(platform.clock.now().getTime() % HOUR).not.toBe(0);
    expect(new Date(receipt.receivedAt).getTime()).toBe(hour);
    const signature = await readSignature({ armoredSignature: served.armoredSignature });
    expect(signature.packets.map((p) => p.created!.getTime())).toEqual([hour]);
  });

  it('is signed again with the report once the file is sent, the hour received unchanged', async () => {
    const upload = await uploadFile(platform, segments);
    const before = await opened(upload.id);
    platform.clock.advance(2 * HOUR);
    const { submission } = await sealForPlatform(platform);
    const reportId = reportIdOf(submission.armoredReport);
    await request(platform.app)
      .post('/api/v1/reports')
      .send({ ...submission, attachments: [{ id: upload.id, uploadToken: upload.uploadToken }] })
      .expect(201);
    const after = await opened(upload.id);
    expect(after.result.verified).toBe(true);
    expect(after.receipt.report).toBe(reportId);
    expect(after.receipt.receivedAt).toBe(before.receipt.receivedAt);
    expect(after.receipt.ciphertext).toEqual(before.receipt.ciphertext);
  });

  it('goes with an upload the reporter removes', async () => {
    const upload = await uploadFile(platform, segments);
    await getReceipt(upload.id).expect(200);
    await request(platform.app)
      .delete(`/api/v1/attachments/${upload.id}`)
      .set('Authorization', `Bearer ${upload.uploadToken}`)
      .expect(204);
    await getReceipt(upload.id).expect(404);
  });

  it('is signed when the last segment comes again after a fault stopped it being signed', async () => {
    const upload = await uploadFile(platform, segments);
    await platform.db.collection('evidence_receipts').deleteOne({ _id: upload.id as never });
    await getReceipt(upload.id).expect(404);
    await putSegment(platform, upload, segments.length - 1, segments.at(-1)!).expect(200);
    expect((await opened(upload.id)).result.verified).toBe(true);
  });

  it('fails verification once a stored receipt is changed by one byte', async () => {
    const upload = await uploadFile(platform, segments);
    const stored = await platform.db.collection('evidence_receipts').findOne({ _id: upload.id as never });
    const text = stored!.receiptText as string;
    const changed = text.replace('"addedBy":"reporter"', '"addedBy":"reportes"');
    await platform.db
      .collection('evidence_receipts')
      .updateOne({ _id: upload.id as never }, { $set: { receiptText: changed } });
    const { result } = await opened(upload.id);
    expect(result).toMatchObject({ verified: false, problem: 'bad_signature' });
  });
});

describe('the ciphertext hashes a receipt states', () => {
  /** What the database holds for a file: its segments, read back, in order. */
  async function storedSegments(id: string, count: number): Promise<Buffer[]> {
    const found = [];
    for (let n = 0; n < count; n++) {
      const doc = await platform.db.collection('attachment_segments').findOne({ _id: `${id}:${n}` as never });
      found.push(Buffer.from((doc!.data as { buffer: Uint8Array }).buffer));
    }
    return found;
  }
  const expected = (stored: Buffer[]) => ({
    segments: stored.map((bytes, index) => ({ index, bytes: bytes.length, sha256: sha256(bytes) })),
    ciphertext: { bytes: Buffer.concat(stored).length, sha256: sha256(Buffer.concat(stored)) },
  });

  let big: Buffer[];
  beforeAll(async () => {
    // Two segments: the whole ciphertext's hash is carried from one request to the next.
    ({ segments: big } = await encryptFileForPlatform(platform, randomBytes(SEGMENT_BYTES + 3000)));
    expect(big).toHaveLength(2);
  });

  it('are those of the stored segments, the whole hashed across requests', async () => {
    const upload = await uploadFile(platform, big);
    // The carried state survived both requests (no read-back was needed) and names both segments.
    const record = await platform.db.collection('attachment_uploads').findOne({ _id: upload.id as never });
    expect(record!.ciphertextHashState).toMatch(/^v1:/);
    expect(record!.segmentDigests).toHaveLength(2);
    const { receipt, result } = await opened(upload.id);
    expect(result.verified).toBe(true);
    expect({ segments: receipt.segments, ciphertext: receipt.ciphertext }).toEqual(
      expected(await storedSegments(upload.id, 2)),
    );
  });

  it('are read from the stored segments when the carried hash was dropped (a request lost a race)', async () => {
    const upload = await createUpload(platform, 2);
    await putSegment(platform, upload, 0, big[0]!).expect(200);
    await platform.db
      .collection('attachment_uploads')
      .updateOne({ _id: upload.id as never }, { $set: { ciphertextHashState: null } });
    await putSegment(platform, upload, 1, big[1]!).expect(200);
    const { receipt, result } = await opened(upload.id);
    expect(result.verified).toBe(true);
    expect({ segments: receipt.segments, ciphertext: receipt.ciphertext }).toEqual(
      expected(await storedSegments(upload.id, 2)),
    );
  });

  it('match what is stored even when two different segments race for the same number', async () => {
    const { segments: other } = await encryptFileForPlatform(platform, randomBytes(SEGMENT_BYTES + 3000));
    for (let round = 0; round < 3; round++) {
      const upload = await createUpload(platform, 2);
      const answers = await Promise.all([
        putSegment(platform, upload, 0, big[0]!),
        putSegment(platform, upload, 0, other[0]!),
      ]);
      expect(answers.some((a) => a.status === 200)).toBe(true);
      await putSegment(platform, upload, 1, big[1]!).expect(200);
      const { receipt } = await opened(upload.id);
      expect({ segments: receipt.segments, ciphertext: receipt.ciphertext }).toEqual(
        expected(await storedSegments(upload.id, 2)),
      );
    }
  });
});

describe('custody', () => {
  let upload: Upload;
  beforeAll(async () => {
    // The clock moved on above; a fresh session.
    token = await platform.login();
    upload = await uploadFile(platform, segments);
    const { submission } = await sealForPlatform(platform);
    await request(platform.app)
      .post('/api/v1/reports')
      .send({ ...submission, attachments: [{ id: upload.id, uploadToken: upload.uploadToken }] })
      .expect(201);
  });
  const segment = (query = '') =>
    request(platform.app).get(`/api/v1/attachments/${upload.id}/segments/0${query}`).auth(token, { type: 'bearer' });
  const custody = () =>
    request(platform.app).get(`/api/v1/attachments/${upload.id}/custody`).auth(token, { type: 'bearer' });

  it('records who opened and who exported a file, and shows them with its receipt', async () => {
    expect((await custody().expect(200)).body.events).toEqual([]);
    await segment().expect(200);
    await segment('?purpose=export').expect(200);
    const body = (await custody().expect(200)).body;
    expect(body.events.map((e: { actor: string; action: string }) => [e.actor, e.action])).toEqual([
      ['rev.one', 'attachment.export'],
      ['rev.one', 'attachment.open'],
    ]);
    expect(JSON.parse(body.receipt.receipt).file).toBe(upload.id);
  });

  it('refuses an unknown purpose, writing nothing', async () => {
    const before = await platform.counts();
    expect((await segment('?purpose=print').expect(400)).body.error.code).toBe('invalid_request');
    expect(await platform.counts()).toEqual(before);
  });

  it('is for reviewers only', async () => {
    await request(platform.app).get(`/api/v1/attachments/${upload.id}/custody`).expect(401);
  });
});
