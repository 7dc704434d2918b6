import { createHash, randomBytes } from 'node:crypto';

import { armor, createMessage, encrypt, enums, readKey } from 'openpgp';
import request from 'supertest';

import { SEGMENT_BYTES } from '../../backend/src/crypto';
import { MAX_ENCRYPTED_SEGMENT_BYTES } from '../../backend/src/features/attachments/schemas';
import { timerScheduler } from '../../backend/src/scheduler';
import { createUpload, encryptFileForPlatform, putSegment, uploadFile, type Upload } from '../support/attachments';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { encryptToKeys, sealForPlatform, strangerKey } from '../support/reports';

let platform: TestPlatform;
let content: Buffer;
let segments: Buffer[];
const canary = `CANARY-FILE-${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  platform = await startTestPlatform('attachments');
  // Two and a half segments, the canary written all through it.
  content = Buffer.concat(
    Array.from({ length: 10 }, () =>
      Buffer.concat([Buffer.from(canary), randomBytes(SEGMENT_BYTES / 4 - canary.length)]),
    ),
  );
  ({ segments } = await encryptFileForPlatform(platform, content));
});
afterAll(() => platform.close());

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const progress = (upload: Upload) =>
  request(platform.app).get(`/api/v1/attachments/${upload.id}`).set('Authorization', `Bearer ${upload.uploadToken}`);

async function submitWith(attachments: { id: string; uploadToken: string }[]) {
  const { submission } = await sealForPlatform(platform);
  return request(platform.app)
    .post('/api/v1/reports')
    .send({ ...submission, attachments: attachments.map(({ id, uploadToken }) => ({ id, uploadToken })) });
}

describe('uploading an evidence file', () => {
  it('stores each segment as ciphertext under a derived _id, in order, and reports progress for resuming', async () => {
    expect(segments).toHaveLength(3);
    const upload = await createUpload(platform, segments.length);
    expect(upload.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(upload.uploadToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await progress(upload).expect(200)).body).toMatchObject({ received: 0, segmentCount: 3, sent: false });

    const answer = await putSegment(platform, upload, 0, segments[0]!).expect(200);
    expect(answer.body).toEqual({ received: 1, segmentCount: 3 });
    expect((await progress(upload).expect(200)).body).toMatchObject({ received: 1 });

    const stored = await platform.db.collection('attachment_segments').findOne({ _id: `${upload.id}:0` as never });
    expect(sha256(stored!.data.buffer)).toBe(sha256(segments[0]!));
    const record = await platform.db.collection('attachment_uploads').findOne({ _id: upload.id as never });
    expect(Object.keys(record!).sort()).toEqual(
      [
        '_id',
        'ciphertextBytes',
        // The evidence receipt's hashes, carried from segment to segment: of ciphertext only.
        'ciphertextHashState',
        'createdAt',
        'expiresAt',
        'received',
        'reportId',
        'segmentCount',
        'segmentDigests',
        'uploadTokenHash',
      ].sort(),
    );
    expect(record!.segmentDigests).toEqual([{ bytes: segments[0]!.length, sha256: sha256(segments[0]!) }]);
    expect(record!.createdAt).toEqual(new Date('2026-11-25T10:00:00.000Z'));
    expect(record!.expiresAt).toEqual(new Date('2026-11-26T10:00:00.000Z'));
    expect(JSON.stringify(record)).not.toContain(upload.uploadToken);
  });

  it('resumes after a lost answer: the same segment again is acknowledged once, a different one is a conflict', async () => {
    const upload = await createUpload(platform, segments.length);
    await putSegment(platform, upload, 0, segments[0]!).expect(200);
    await putSegment(platform, upload, 1, segments[1]!).expect(200);
    const before = await platform.counts();
    expect((await putSegment(platform, upload, 1, segments[1]!).expect(200)).body).toEqual({
      received: 2,
      segmentCount: 3,
    });
    const conflict = await putSegment(platform, upload, 1, segments[0]!).expect(409);
    expect(conflict.body.error.code).toBe('segment_conflict');
    expect(await platform.counts()).toEqual(before);
    await putSegment(platform, upload, 2, segments[2]!).expect(200);
    expect((await progress(upload).expect(200)).body).toMatchObject({ received: 3, segmentCount: 3 });
  });

  it('the file is sent with the report, and a reviewer reads its segments by id; they decrypt to the file', async () => {
    const upload = await uploadFile(platform, segments);
    const response = await submitWith([upload]);
    expect(response.status).toBe(201);
    expect(response.body.received).toBe(true);
    expect((await progress(upload).expect(200)).body).toMatchObject({ sent: true });
    await putSegment(platform, upload, 2, segments[2]!).expect(409);

    const token = await platform.login();
    const reports = (await request(platform.app).get('/api/v1/reports').auth(token, { type: 'bearer' })).body.reports;
    const lists = await Promise.all(
      reports.map(
        async (r: { id: string }) =>
          (
            await request(platform.app)
              .get(`/api/v1/reports/${r.id}/attachments`)
              .auth(token, { type: 'bearer' })
              .expect(200)
          ).body.attachments,
      ),
    );
    const listed = lists.flat().find((a: { id: string }) => a.id === upload.id);
    expect(listed).toEqual({
      id: upload.id,
      segmentCount: 3,
      ciphertextBytes: segments.reduce((n, s) => n + s.length, 0),
    });
    for (const [index, bytes] of segments.entries()) {
      const got = await request(platform.app)
        .get(`/api/v1/attachments/${upload.id}/segments/${index}`)
        .auth(token, { type: 'bearer' })
        .buffer(true)
        .parse((res, done) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => done(null, Buffer.concat(parts)));
        })
        .expect(200)
        .expect('Content-Type', 'application/octet-stream');
      expect(sha256(got.body as Buffer)).toBe(sha256(bytes));
    }
    // Reviewer routes need a session; an upload token is not one.
    await request(platform.app)
      .get(`/api/v1/attachments/${upload.id}/segments/0`)
      .set('Authorization', `Bearer ${upload.uploadToken}`)
      .expect(401);
  });

  it("a report's file list is for a report that exists: another id is 404 report_not_found, as its other routes answer", async () => {
    const token = await platform.login();
    for (const id of ['A'.repeat(22), '9'.repeat(26)]) {
      const response = await request(platform.app)
        .get(`/api/v1/reports/${id}/attachments`)
        .auth(token, { type: 'bearer' });
      expect([response.status, response.body.error?.code]).toEqual([404, 'report_not_found']);
    }
  });

  it('a cancelled upload leaves nothing behind', async () => {
    const before = await platform.counts();
    const upload = await createUpload(platform, 3);
    await putSegment(platform, upload, 0, segments[0]!).expect(200);
    await request(platform.app)
      .delete(`/api/v1/attachments/${upload.id}`)
      .set('Authorization', `Bearer ${upload.uploadToken}`)
      .expect(204);
    expect(await platform.counts()).toEqual(before);
    await progress(upload).expect(404);
  });

  it('no plaintext of the file is stored', async () => {
    const docs = await platform.db.collection('attachment_segments').find().toArray();
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect(Buffer.from(doc.data.buffer).includes(canary)).toBe(false);
    expect(content.includes(canary)).toBe(true);
  });
});

describe('refusals are clear 4xx errors and write nothing', () => {
  let upload: Upload;
  let stranger: string;
  beforeAll(async () => {
    upload = await createUpload(platform, 3);
    await putSegment(platform, upload, 0, segments[0]!).expect(200);
    stranger = await strangerKey();
  });

  type Case = [string, () => Promise<request.Response>, number, string];
  const cases: Case[] = [
    [
      'a file over 2 GiB (declared at creation)',
      () => request(platform.app).post('/api/v1/attachments').send({ segmentCount: 513 }),
      413,
      'file_too_large',
    ],
    [
      'no segments',
      () => request(platform.app).post('/api/v1/attachments').send({ segmentCount: 0 }),
      400,
      'invalid_request',
    ],
    [
      'an unknown field',
      () => request(platform.app).post('/api/v1/attachments').send({ segmentCount: 1, name: 'x.jpg' }),
      400,
      'invalid_request',
    ],
    ['a segment out of order', () => putSegment(platform, upload, 2, segments[2]!), 409, 'segment_out_of_order'],
    [
      'a segment past the declared count',
      () => putSegment(platform, upload, 3, segments[2]!),
      400,
      'segment_out_of_range',
    ],
    [
      'a wrong upload token',
      () => putSegment(platform, { ...upload, uploadToken: randomBytes(32).toString('base64url') }, 1, segments[1]!),
      404,
      'upload_not_found',
    ],
    [
      'no upload token',
      () =>
        request(platform.app)
          .put(`/api/v1/attachments/${upload.id}/segments/1`)
          .set('Content-Type', 'application/octet-stream')
          .send(segments[1]!),
      404,
      'upload_not_found',
    ],
    [
      'an unknown upload',
      () => putSegment(platform, { ...upload, id: randomBytes(16).toString('base64url') }, 1, segments[1]!),
      404,
      'upload_not_found',
    ],
    [
      'a JSON body',
      () =>
        request(platform.app)
          .put(`/api/v1/attachments/${upload.id}/segments/1`)
          .set('Authorization', `Bearer ${upload.uploadToken}`)
          .send({ a: 1 }),
      415,
      'unsupported_media_type',
    ],
    [
      'a body over the segment limit',
      () => putSegment(platform, upload, 1, Buffer.alloc(MAX_ENCRYPTED_SEGMENT_BYTES + 1)),
      413,
      'payload_too_large',
    ],
    ['an empty body', () => putSegment(platform, upload, 1, Buffer.alloc(0)), 400, 'not_encrypted'],
    [
      'random bytes',
      () => putSegment(platform, upload, 1, Buffer.concat([Buffer.from([0]), randomBytes(5000)])),
      400,
      'malformed_packets',
    ],
    [
      'an ASCII-armored segment',
      async () =>
        putSegment(
          platform,
          upload,
          1,
          Buffer.from(armor(enums.armor.message, await binaryTo([platform.agency.armoredPublicKey]))),
        ),
      400,
      'malformed_packets',
    ],
    [
      'a segment with plaintext after the encrypted data',
      () =>
        putSegment(platform, upload, 1, Buffer.concat([segments[1]!, Buffer.from([0xcb, 0x05, 0x62, 0x00, 0, 0, 0])])),
      400,
      'not_encrypted',
    ],
    [
      'a segment encrypted to another key',
      async () => putSegment(platform, upload, 1, await binaryTo([stranger])),
      422,
      'not_addressed_to_agency',
    ],
    [
      'a segment also encrypted to another key',
      async () => putSegment(platform, upload, 1, await binaryTo([platform.agency.armoredPublicKey, stranger])),
      422,
      'unknown_recipient',
    ],
    [
      'an AEAD (SEIPDv2) segment',
      async () => putSegment(platform, upload, 1, asSeipdV2(await binaryTo([platform.agency.armoredPublicKey]))),
      400,
      'unsupported_format',
    ],
    ['a report listing an unfinished upload', () => submitWith([upload]), 409, 'attachment_incomplete'],
    [
      'a report listing an upload with a wrong token',
      () => submitWith([{ id: upload.id, uploadToken: randomBytes(32).toString('base64url') }]),
      404,
      'upload_not_found',
    ],
    ['a report listing the same upload twice', () => submitWith([upload, upload]), 400, 'invalid_request'],
  ];

  it.each(cases)('%s', async (_name, send, status, code) => {
    const before = await platform.counts();
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(await platform.counts()).toEqual(before);
    expect((await progress(upload)).body).toMatchObject({ received: 1 });
  });
});

/** The same message with its encrypted data packet claiming version 2 (AEAD), which GnuPG 2.2 cannot read. */
function asSeipdV2(message: Buffer): Buffer {
  const copy = Buffer.from(message);
  const seipd = 2 + copy[1]!; // after the PKESK packet (new format, one-octet length)
  expect(copy[seipd]).toBe(0xd2);
  copy[seipd + 2] = 2;
  return copy;
}

/** A binary message made by OpenPGP.js directly to any keys, as a client other than the product might. */
async function binaryTo(armoredKeys: string[]): Promise<Buffer> {
  const encryptionKeys = await Promise.all(armoredKeys.map((armoredKey) => readKey({ armoredKey })));
  const bytes = await encrypt({
    message: await createMessage({ binary: randomBytes(100) }),
    encryptionKeys,
    format: 'binary',
  });
  return Buffer.from(bytes);
}

describe('proof of work', () => {
  it('an upload needs one when the platform asks for it', async () => {
    const strict = await startTestPlatform('attachments-pow', { proofOfWorkBits: 4 });
    try {
      const response = await request(strict.app).post('/api/v1/attachments').send({ segmentCount: 1 }).expect(400);
      expect(response.body.error.code).toBe('proof_of_work_required');
      expect(await strict.counts()).toMatchObject({ attachment_uploads: 0 });
    } finally {
      await strict.close();
    }
  });
});

describe('the sweep', () => {
  it('removes uploads never sent once they expire, keeps sent ones and ones still in time', async () => {
    const short = await startTestPlatform('attachments-sweep', { uploadExpiryHours: 1 });
    try {
      const { segments: small } = await encryptFileForPlatform(short, randomBytes(1000));
      const abandoned = await createUpload(short, 2);
      await putSegment(short, abandoned, 0, (await encryptFileForPlatform(short, randomBytes(10))).segments[0]!).expect(
        200,
      );
      const sent = await uploadFile(short, small);
      const { submission } = await sealForPlatform(short);
      await request(short.app)
        .post('/api/v1/reports')
        .send({ ...submission, attachments: [{ id: sent.id, uploadToken: sent.uploadToken }] })
        .expect(201);

      expect(await short.services.attachments.sweep()).toEqual({ removed: 0, kept: 1, confirmed: 1 });
      expect(await short.counts()).toMatchObject({ attachment_uploads: 1, attachment_segments: 2, attachments: 1 });

      short.clock.advance(60 * 60_000);
      const late = await createUpload(short, 1);
      expect(await short.services.attachments.sweep()).toEqual({ removed: 1, kept: 1, confirmed: 0 });
      expect(await short.counts()).toMatchObject({
        attachment_uploads: 1,
        attachment_segments: 1,
        attachments: 1,
        report_attachments: 1,
      });
      await request(short.app)
        .get(`/api/v1/attachments/${abandoned.id}`)
        .set('Authorization', `Bearer ${abandoned.uploadToken}`)
        .expect(404);
      await request(short.app)
        .get(`/api/v1/attachments/${late.id}`)
        .set('Authorization', `Bearer ${late.uploadToken}`)
        .expect(200);
    } finally {
      await short.close();
    }
  });

  it('removes files bound to a report that was never stored, once expired', async () => {
    const short = await startTestPlatform('attachments-orphan', { uploadExpiryHours: 1 });
    try {
      const { segments: small } = await encryptFileForPlatform(short, randomBytes(1000));
      const upload = await uploadFile(short, small);
      // Reports bind only once stored; a binding to a report that is not stored is what an older write
      // order (or a report removed since) could leave, and the sweep still clears it.
      const { bind } = await short.services.attachments.checkBinding([upload], 'NoSuchReportAAAAAAAAAA');
      await bind();
      expect(await short.services.attachments.sweep()).toEqual({ removed: 0, kept: 1, confirmed: 0 });
      short.clock.advance(2 * 60 * 60_000);
      expect(await short.services.attachments.sweep()).toEqual({ removed: 1, kept: 0, confirmed: 0 });
      expect(await short.counts()).toMatchObject({
        attachment_uploads: 0,
        attachment_segments: 0,
        attachments: 0,
        report_attachments: 0,
      });
    } finally {
      await short.close();
    }
  });

  it("runs periodically by itself, on the app's scheduler (a short interval here)", async () => {
    const errors: unknown[] = [];
    const scheduler = timerScheduler({ onError: (_task, error) => errors.push(error) });
    const short = await startTestPlatform('attachments-timer', {
      uploadExpiryHours: 1,
      scheduler,
      sweepIntervalMs: 50,
    });
    try {
      await createUpload(short, 1);
      short.clock.advance(2 * 60 * 60_000);
      const deadline = Date.now() + 10_000;
      while (((await short.counts()).attachment_uploads ?? 0) > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect((await short.counts()).attachment_uploads).toBe(0);
      expect(errors).toEqual([]);
      // Only the removal is logged, as a count: uploads expire on the hour, so it dates nothing finer.
      expect(short.logs.map((l) => JSON.parse(l) as object)).toContainEqual(
        expect.objectContaining({ msg: 'attachment sweep removed expired uploads', removed: 1 }),
      );
    } finally {
      scheduler.stop();
      await short.close();
    }
  });
});

it('a report without files still works, and encryptToKeys stays available for other tests', async () => {
  expect(typeof encryptToKeys).toBe('function');
  expect((await submitWith([])).status).toBe(201);
});

it('only the console may frame: blob: previews and its download frame; the reporter page frames nothing', async () => {
  const csp = async (path: string) =>
    (await request(platform.app).get(path)).headers['content-security-policy'] as string;
  expect(await csp('/console/')).toContain("frame-src 'self' blob:");
  expect(await csp('/console/')).toContain("img-src 'self' blob:");
  expect(await csp('/')).toMatch(/img-src 'self'(;|$)/);
  expect(await csp('/')).toContain("frame-src 'none'");
  expect(await csp('/api/v1/health')).toContain("frame-src 'none'");
  expect(await csp('/console/')).toContain("frame-ancestors 'none'");
});
