/**
 * The control against a swapped agency key: pages check the served key
 * against the fingerprint the deployment pins (AGENCY_FINGERPRINT, or the
 * file `admin init` writes), never against what the database says.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';

import request from 'supertest';

import { formatFingerprint, generateAgencyKey } from '../../backend/src/crypto';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const platforms: TestPlatform[] = [];
afterAll(() => Promise.all(platforms.map((p) => p.close())));

async function platformWith(options: Parameters<typeof startTestPlatform>[1] = {}) {
  const platform = await startTestPlatform('pin', options);
  platforms.push(platform);
  return platform;
}

/** What a tampered database (or a restored old backup) holds: another key under the real key's record. */
async function replaceStoredKey(platform: TestPlatform) {
  const impostor = await generateAgencyKey({ agencyName: 'Impostor', passphrase: 'impostor passphrase' });
  await platform.db
    .collection('agency_keys')
    .updateOne({ retiredAt: null }, { $set: { armoredPublicKey: impostor.armoredPublicKey } });
  await platform.db.collection('agency_keys').insertOne({
    _id: impostor.fingerprint as never,
    armoredPublicKey: impostor.armoredPublicKey,
    encryptionKeyIds: [],
    createdAt: new Date('2030-01-01T00:00:00Z'),
    retiredAt: null,
  });
  return impostor;
}

describe('GET /api/v1/config', () => {
  it('serves the pinned fingerprint, not the fingerprint of the key the database holds', async () => {
    const platform = await platformWith();
    const impostor = await replaceStoredKey(platform);
    const keys = await request(platform.app).get('/api/v1/recipient-keys').expect(200);
    expect(keys.body.agencyKey.fingerprint).toBe(impostor.fingerprint);
    const config = await request(platform.app).get('/api/v1/config').expect(200);
    expect(config.body.agencyFingerprint).toBe(platform.agency.fingerprint);
    expect(config.body.agencyFingerprint).not.toBe(impostor.fingerprint);
  });

  it('honours AGENCY_FINGERPRINT over the pin file, in any written form', async () => {
    const other = await generateAgencyKey({ agencyName: 'Configured', passphrase: 'configured passphrase' });
    const platform = await platformWith({ agencyFingerprint: formatFingerprint(other.fingerprint).toLowerCase() });
    const config = await request(platform.app).get('/api/v1/config').expect(200);
    expect(config.body.agencyFingerprint).toBe(other.fingerprint);
    expect(config.body.agencyFingerprint).not.toBe(platform.agency.fingerprint);
  });

  it('serves null when nothing is pinned, even though the database holds a key', async () => {
    const platform = await platformWith();
    rmSync(path.join(platform.dataDir, 'agency-fingerprint'));
    expect(await platform.db.collection('agency_keys').countDocuments()).toBe(1);
    const config = await request(platform.app).get('/api/v1/config').expect(200);
    expect(config.body.agencyFingerprint).toBeNull();
  });
});
