import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import request from 'supertest';

import { encryptFileForPlatform, uploadFile } from '../support/attachments';
import { GpgHome, gpgVersion } from '../support/gpg';
import { startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * What a court's expert does with a receipt the reporter downloaded: import
 * the platform's public key (checked against the published fingerprint) and
 * run `gpg --verify receipt.json.asc receipt.json`. gpg is the independent reader.
 */
let platform: TestPlatform;
let gpg: GpgHome;
let receipt: { receipt: string; armoredSignature: string; platformFingerprint: string };
beforeAll(async () => {
  platform = await startTestPlatform('gpg-receipts');
  gpg = new GpgHome('unused');
  const { segments } = await encryptFileForPlatform(platform, randomBytes(2000));
  const upload = await uploadFile(platform, segments);
  receipt = (await request(platform.app).get(`/api/v1/evidence-receipts/${upload.id}`).expect(200)).body;
  const key = (await request(platform.app).get('/api/v1/platform-key').expect(200)).body;
  gpg.importKey(key.armoredPublicKey);
});
afterAll(async () => {
  gpg.remove();
  await platform.close();
});

/** Writes the two downloaded files as the reporter's page names them and runs gpg --verify on them. */
function verify(text: string | Buffer) {
  const json = path.join(gpg.dir, 'evidence-receipt.json');
  writeFileSync(json, text);
  writeFileSync(`${json}.asc`, receipt.armoredSignature);
  return gpg.run(['--status-fd', '1', '--verify', `${json}.asc`, json]);
}

it(`runs against ${gpgVersion()}`, () => {
  expect(gpgVersion()).toMatch(/^gpg \(GnuPG\) 2\./);
});

it('gpg --verify accepts a receipt as served, signed by the published platform key', () => {
  const result = verify(receipt.receipt);
  expect(result.status).toBe(0);
  const status = result.stdout.toString('utf8');
  expect(status).toContain('[GNUPG:] GOODSIG');
  // VALIDSIG names the primary key's fingerprint: the one /api/v1/config serves and the agency publishes.
  expect(status).toMatch(
    new RegExp(`\\[GNUPG:\\] VALIDSIG [0-9A-F]{40} .* ${receipt.platformFingerprint.toUpperCase()}`),
  );
});

it('gpg --verify refuses a receipt changed by one byte', () => {
  const bytes = Buffer.from(receipt.receipt, 'utf8');
  const at = bytes.indexOf('"receivedAt":"') + '"receivedAt":"2026-11-25T1'.length;
  bytes[at] = bytes[at] === 0x30 ? 0x31 : 0x30;
  expect(bytes.toString('utf8')).not.toBe(receipt.receipt);
  const result = verify(bytes);
  expect(result.status).not.toBe(0);
  expect(result.stdout.toString('utf8')).toContain('[GNUPG:] BADSIG');
});
