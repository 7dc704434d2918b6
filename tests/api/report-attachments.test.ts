import { randomBytes } from 'node:crypto';

import request from 'supertest';

import { reportIdOf } from '../../backend/src/features/reports/service';
import { encryptFileForPlatform, uploadFile, type Upload } from '../support/attachments';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { sealForPlatform } from '../support/reports';

/**
 * Evidence files meet the report's write order: the report's id comes from
 * its packets and its body is the write that decides, so files are bound
 * only once the report is stored under the sender's own receipt. A resend of
 * the same submission binds nothing twice; a replay of someone else's report
 * binds nothing at all; a binding a fault cut short is finished by a resend
 * or by the attachments sweep.
 */
let platform: TestPlatform;
let segments: Buffer[];
let token: string;
beforeAll(async () => {
  platform = await startTestPlatform('report-files');
  ({ segments } = await encryptFileForPlatform(platform, randomBytes(3000)));
  token = await platform.login();
});
afterAll(() => platform.close());

const post = (body: object) => request(platform.app).post('/api/v1/reports').send(body);
const listed = async (reportId: string) =>
  (
    await request(platform.app)
      .get(`/api/v1/reports/${reportId}/attachments`)
      .auth(token, { type: 'bearer' })
      .expect(200)
  ).body.attachments.map((a: { id: string }) => a.id) as string[];
const progress = (upload: Upload) =>
  request(platform.app).get(`/api/v1/attachments/${upload.id}`).set('Authorization', `Bearer ${upload.uploadToken}`);
const named = (uploads: Upload[]) => uploads.map(({ id, uploadToken }) => ({ id, uploadToken }));

/** A sealed report listing `uploads`, and the id the server derives from its packets. */
async function sealedWith(uploads: Upload[]) {
  const { submission } = await sealForPlatform(platform);
  return { body: { ...submission, attachments: named(uploads) }, id: reportIdOf(submission.armoredReport) };
}

describe('the same submission sent again after a lost answer', () => {
  it('is a success (200) that binds nothing twice', async () => {
    const files = [await uploadFile(platform, segments), await uploadFile(platform, segments)];
    const { body, id } = await sealedWith(files);
    await post(body).expect(201);
    expect(await listed(id)).toEqual(files.map((f) => f.id));
    const before = await platform.counts();

    expect((await post(body).expect(200)).body.received).toBe(true);
    expect(await listed(id)).toEqual(files.map((f) => f.id));
    expect(await platform.counts()).toEqual(before);
  });

  it('is still a success once the sweep has confirmed the files and dropped their upload records', async () => {
    const file = await uploadFile(platform, segments);
    const { body, id } = await sealedWith([file]);
    await post(body).expect(201);
    // The sweep confirms this file (and any earlier test's): its upload record, with the token's hash, goes.
    expect((await platform.services.attachments.sweep()).confirmed).toBeGreaterThan(0);
    await progress(file).expect(404);
    const before = await platform.counts();

    await post(body).expect(200);
    expect(await listed(id)).toEqual([file.id]);
    expect(await platform.counts()).toEqual(before);
  });
});

describe("a replay of someone else's report under another receipt", () => {
  it("is refused (409) and binds none of the replayer's files to it", async () => {
    const victimFile = await uploadFile(platform, segments);
    const { body, id } = await sealedWith([victimFile]);
    await post(body).expect(201);
    const own = await uploadFile(platform, segments);
    const before = await platform.counts();

    const replay = await post({ ...body, receiptLookup: randomBytes(32).toString('hex'), attachments: named([own]) });
    expect([replay.status, replay.body.error?.code]).toEqual([409, 'report_already_stored']);
    expect(await listed(id)).toEqual([victimFile.id]);
    expect(await platform.counts()).toEqual(before);
    // The replayer's upload is untouched: still theirs to send with a report of their own.
    expect((await progress(own).expect(200)).body).toMatchObject({ sent: false });
    const { body: ownReport, id: ownId } = await sealedWith([own]);
    await post(ownReport).expect(201);
    expect(await listed(ownId)).toEqual([own.id]);
  });

  it("naming the victim's files without their tokens is refused before anything is written", async () => {
    const victimFile = await uploadFile(platform, segments);
    const { body, id } = await sealedWith([victimFile]);
    await post(body).expect(201);
    const before = await platform.counts();
    const stolen = { id: victimFile.id, uploadToken: randomBytes(32).toString('base64url') };
    const replay = await post({ ...body, receiptLookup: randomBytes(32).toString('hex'), attachments: [stolen] });
    expect([replay.status, replay.body.error?.code]).toEqual([404, 'upload_not_found']);
    expect(await listed(id)).toEqual([victimFile.id]);
    expect(await platform.counts()).toEqual(before);
  });
});

describe('a binding that a fault cut short', () => {
  it('stored report, files never bound (the answer lost): the resend binds them', async () => {
    const file = await uploadFile(platform, segments);
    const { body, id } = await sealedWith([file]);
    // The state a fault between the body's write and the binding leaves: the report stored, the file not.
    await post({ ...body, attachments: undefined }).expect(201);
    expect(await listed(id)).toEqual([]);
    expect((await progress(file).expect(200)).body).toMatchObject({ sent: false });

    await post(body).expect(200);
    expect(await listed(id)).toEqual([file.id]);
    expect((await progress(file).expect(200)).body).toMatchObject({ sent: true });
  });

  it('upload marked as sent, its records not written (no resend came): the sweep finishes the binding', async () => {
    const file = await uploadFile(platform, segments);
    const { body, id } = await sealedWith([file]);
    await post({ ...body, attachments: undefined }).expect(201);
    // The first of bind's writes, and nothing after it.
    await platform.db.collection('attachment_uploads').updateOne({ _id: file.id as never }, { $set: { reportId: id } });
    expect(await listed(id)).toEqual([]);

    await platform.scheduler.run('attachments-sweep');
    expect(await listed(id)).toEqual([file.id]);
    await progress(file).expect(404); // confirmed: the upload record is no longer needed
    const segmentsKept = await platform.db
      .collection('attachment_segments')
      .countDocuments({ _id: { $in: segments.map((_, i) => `${file.id}:${i}`) } as never });
    expect(segmentsKept).toBe(segments.length);
  });
});
