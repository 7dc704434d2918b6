import { randomBytes } from 'node:crypto';

import request from 'supertest';

import { GpgHome } from '../support/gpg';
import { REVIEWER, startTestPlatform, type TestPlatform } from '../support/platform';
import { packetsOf } from '../support/reports';
import {
  certifyThroughApi,
  createReviewerKeyThroughApi,
  REVIEWER_KEY_PASSPHRASE,
  sealToServedSet,
} from '../support/reviewer-keys';

/** gpg, the independent reader, on reviewer keys: it opens a report with a reviewer's key and sees the certification. */
let platform: TestPlatform;
let reviewerGpg: GpgHome;
let publicGpg: GpgHome;
let fingerprint: string;
beforeAll(async () => {
  platform = await startTestPlatform('reviewer-keys-gpg');
  const admin = await platform.addAdministrator();
  const { made, response } = await createReviewerKeyThroughApi(platform, await platform.login());
  expect(response.status).toBe(201);
  fingerprint = made.fingerprint;
  expect((await certifyThroughApi(platform, admin.token, REVIEWER.username)).status).toBe(201);
  reviewerGpg = new GpgHome(REVIEWER_KEY_PASSPHRASE);
  publicGpg = new GpgHome('unused');
});
afterAll(async () => {
  reviewerGpg.remove();
  publicGpg.remove();
  await platform.close();
});

it('a report encrypted to the recipient set decrypts with gpg and the reviewer secret key as the server stores it (no agency key)', async () => {
  const canary = `Канарейка-${randomBytes(6).toString('hex')} әңгіме`;
  const { submission, reviewerFingerprints } = await sealToServedSet(platform, { whatHappened: canary });
  expect(reviewerFingerprints).toEqual([fingerprint]);
  await request(platform.app).post('/api/v1/reports').send(submission).expect(201);

  const storedKey = await platform.db.collection('reviewer_keys').findOne({ _id: REVIEWER.username as never });
  reviewerGpg.importKey(storedKey!.armoredPrivateKey as string);
  const sent = await packetsOf(submission.armoredReport);
  const bodies = await platform.db.collection('report_bodies').find().toArray();
  const stored = (
    await Promise.all(bodies.map(async (b) => ((await packetsOf(b.armoredReport)) === sent ? b : null)))
  ).find(Boolean);
  const decrypted = reviewerGpg.decrypt(stored!.armoredReport as string);
  expect(decrypted.stderr).not.toMatch(/error/i);
  expect(decrypted.status).toBe(0);
  expect(JSON.parse(decrypted.stdout.toString('utf8'))).toMatchObject({ report: { whatHappened: canary } });
});

it("gpg sees the agency's certification on the reviewer key as served, and checks it good", async () => {
  publicGpg.importKey(platform.agency.armoredPublicKey);
  const served = await request(platform.app).get('/api/v1/recipient-keys').expect(200);
  publicGpg.importKey(served.body.reviewerKeys[0].armoredPublicKey as string);
  const listed = publicGpg.run(['--with-colons', '--check-sigs', fingerprint]);
  expect(listed.status).toBe(0);
  const sigs = listed.stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line.startsWith('sig:'))
    .map((line) => line.split(':'));
  const agencyKeyId = platform.agency.fingerprint.slice(-16).toUpperCase();
  // Field 2 is the check result ("!" good), field 5 the issuer key ID, field 11 the class (10x: generic certification).
  expect(sigs.filter((f) => f[4] === agencyKeyId).map((f) => [f[1], f[10]])).toEqual([['!', '10x']]);
});
