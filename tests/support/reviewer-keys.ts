import request from 'supertest';

import { createCryptoApi } from '../../backend/src/crypto';
import { AGENCY_PASSPHRASE, type TestPlatform } from './platform';

export const REVIEWER_KEY_PASSPHRASE = 'my own key passphrase, 2026';

/** A reviewer's first key, made as their browser makes it, and stored through the API. */
export async function createReviewerKeyThroughApi(
  platform: TestPlatform,
  token: string,
  passphrase = REVIEWER_KEY_PASSPHRASE,
) {
  const api = createCryptoApi();
  const made = await api.createReviewerKey({ passphrase });
  const response = await request(platform.app)
    .post('/api/v1/reviewer-key')
    .auth(token, { type: 'bearer' })
    .send({ armoredPublicKey: made.armoredPublicKey, armoredPrivateKey: made.armoredPrivateKey });
  return { api, made, response };
}

/** The administrator's browser: unlocks the agency key file and certifies the key as stored (not as given). */
export async function certifyThroughApi(platform: TestPlatform, adminToken: string, username: string) {
  const api = createCryptoApi();
  const { keyRef: agencyKeyRef } = await api.unlockKey({
    armoredPrivateKey: platform.agency.armoredPrivateKey,
    passphrase: AGENCY_PASSPHRASE,
    expectedFingerprint: platform.agency.fingerprint,
  });
  const listed = await request(platform.app)
    .get('/api/v1/admin/reviewer-keys')
    .auth(adminToken, { type: 'bearer' })
    .expect(200);
  const key = (listed.body.keys as { username: string; fingerprint: string; armoredPublicKey: string }[]).find(
    (k) => k.username === username,
  )!;
  const { armoredCertifiedKey } = await api.certifyReviewerKey({
    armoredReviewerKey: key.armoredPublicKey,
    agencyKeyRef,
  });
  return request(platform.app)
    .post(`/api/v1/admin/reviewers/${username}/key-certification`)
    .auth(adminToken, { type: 'bearer' })
    .send({ fingerprint: key.fingerprint, armoredCertifiedKey });
}

/** What a reporter's browser does: fetch the served set, verify it, seal a report to what verified. */
export async function sealToServedSet(platform: TestPlatform, report: unknown = { whatHappened: 'test' }) {
  const served = await request(platform.app).get('/api/v1/recipient-keys').expect(200);
  const sealed = await createCryptoApi().sealReport({
    report,
    armoredAgencyKey: served.body.agencyKey.armoredPublicKey,
    pinnedAgencyFingerprint: platform.agency.fingerprint,
    reviewerKeys: served.body.reviewerKeys,
  });
  return { ...sealed, served: served.body as { reviewerKeys: { fingerprint: string; armoredPublicKey: string }[] } };
}
