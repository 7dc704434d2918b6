import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createMessage, encrypt, Message, PacketList, readKey, readSignature, type AnyPacket } from 'openpgp';

import { formatFingerprint } from '../../crypto/src/fingerprint';
import { GPG_COMPATIBLE } from '../../crypto/src/profile';
import { solveProofOfWork } from '../../crypto/src/proof-of-work';
import { GpgSigner } from '../support/gpg-signer';
import { captureRequests } from './capture';
import { openReportWithStory, unlockConsoleWithAgencyKey } from './console';
import { platform } from './platform';

/**
 * Reports signed inside by gpg users, sent straight through the API: the
 * console says whether each signature verifies and by which key, offers to
 * check one made by a key it does not have against a pasted public key, and
 * says plainly when one does not verify.
 */
test.describe.configure({ mode: 'serial' });

const tag = randomBytes(5).toString('hex');
const SIGNER_ID = `Адвокат Әлия ${tag} <aliya-${tag}@example.kz>`;
const STORIES = {
  signed: `Signed by the lawyer ${tag}: the investigator asked for 500 000 tenge.`,
  stranger: `Signed by someone unknown ${tag}: an operative planted evidence.`,
  tampered: `Changed after signing ${tag}: the investigator asked for 900 000 tenge.`,
  unsigned: `Not signed ${tag}: typed by hand and encrypted with gpg.`,
};
const envelope = (whatHappened: string) =>
  JSON.stringify({
    envelope: 'whistle412/report',
    v: 1,
    report: { whatHappened, agency: 'police', date: null, region: 'almaty_city' },
    pad: '',
  });

let signer: GpgSigner;
let stranger: GpgSigner;
test.afterAll(() => {
  signer?.remove();
  stranger?.remove();
});

async function send(request: APIRequestContext, armoredReport: string) {
  const { baseUrl } = platform();
  const challenge = await (await request.get(`${baseUrl}/api/v1/challenges?purpose=report`)).json();
  const proofOfWork = await solveProofOfWork({ challenge: challenge.challenge, bits: challenge.bits });
  const response = await request.post(`${baseUrl}/api/v1/reports`, {
    data: { envelopeVersion: 1, armoredReport, receiptLookup: randomBytes(32).toString('hex'), proofOfWork },
  });
  expect(response.status()).toBe(201);
}

test('gpg users send reports signed inside, to the published agency key, through the API', async ({ request }) => {
  const { baseUrl, fingerprint } = platform();
  const keys = await (await request.get(`${baseUrl}/api/v1/recipient-keys`)).json();
  const agencyKey = keys.agencyKey.armoredPublicKey as string;
  signer = new GpgSigner(SIGNER_ID, agencyKey);
  stranger = new GpgSigner(`Stranger ${tag} <stranger@example.org>`, agencyKey);
  const agencyFingerprint = fingerprint.replace(/ /g, '');

  await send(request, signer.signAndEncrypt(envelope(STORIES.signed), agencyFingerprint));
  await send(request, stranger.signAndEncrypt(STORIES.stranger, agencyFingerprint));
  await send(request, signer.gpg.encrypt(STORIES.unsigned, [agencyFingerprint]));
  // The lawyer's own gpg signature over the words as they were, put before changed words (gpg itself would
  // wrap an existing signed message in a new literal packet, so OpenPGP.js assembles and encrypts this one).
  const signature = await readSignature({ binarySignature: signer.detachSign(STORIES.tampered.replace('900', '500')) });
  const literal = await createMessage({ binary: new TextEncoder().encode(STORIES.tampered) });
  const packets = new PacketList<AnyPacket>();
  packets.push(...signature.packets, ...literal.packets);
  const encryptionKeys = await readKey({ armoredKey: agencyKey });
  await send(
    request,
    await encrypt({ message: new Message(packets), encryptionKeys, format: 'armored', config: GPG_COMPATIBLE }),
  );
});

const shots = (name: string) => path.resolve(__dirname, '..', '..', 'test-results', 'e2e', 'screens', `${name}.png`);

async function open(page: Page, story: string) {
  await openReportWithStory(page, story);
  return page.getByTestId('report-detail');
}

test('the console shows who signed, checks a pasted key, and says plainly when a signature fails', async ({
  page,
  context,
}) => {
  const requests = captureRequests(context);
  await unlockConsoleWithAgencyKey(page);

  // Signed by a key the console does not have: unverified, named by its key ID and fingerprint.
  let detail = await open(page, STORIES.signed);
  const signatures = detail.getByTestId('report-signatures');
  await expect(signatures.getByTestId('signature')).toHaveAttribute('data-status', 'unknown_key');
  await expect(signatures).toContainText('Signed by a key this console does not have: not checked.');
  await expect(signatures.getByTestId('signer-key-id')).toHaveText(signer.keyId.toUpperCase());
  await expect(signatures.getByTestId('signer-fingerprint')).toHaveText(formatFingerprint(signer.fingerprint));
  await expect(detail.getByTestId('what-happened')).toHaveText(STORIES.signed);

  // Text that is not a key is refused; the signer's public key checks the signature: verified, by that key.
  await signatures.getByLabel('Signer’s public key (armored)').fill('-----BEGIN PGP PUBLIC KEY BLOCK-----\nnot a key');
  await signatures.getByRole('button', { name: 'Check the signature with this key' }).click();
  await expect(signatures.getByRole('alert')).toHaveText(
    'This is not an OpenPGP public key (a private key is refused, too).',
  );
  await signatures.getByLabel('Signer’s public key (armored)').fill(signer.armoredPublicKey);
  await signatures.getByRole('button', { name: 'Check the signature with this key' }).click();
  await expect(signatures.getByTestId('signature')).toHaveAttribute('data-status', 'verified');
  await expect(signatures).toContainText('Signed: the signature verifies.');
  await expect(signatures.getByTestId('signer-fingerprint')).toHaveText(formatFingerprint(signer.fingerprint));
  await expect(signatures.getByTestId('signer-user-id')).toHaveText(SIGNER_ID);
  await expect(signatures.getByRole('button', { name: 'Check the signature with this key' })).toHaveCount(0);
  await page.screenshot({ path: shots('console-signature-verified'), fullPage: true });
  await page.getByRole('button', { name: 'Back' }).click();

  // Another signer: the pasted key does not make it verified; its key ID is shown to ask for the right key.
  detail = await open(page, STORIES.stranger);
  await expect(detail.getByTestId('signature')).toHaveAttribute('data-status', 'unknown_key');
  await expect(detail.getByTestId('signer-key-id')).toHaveText(stranger.keyId.toUpperCase());
  await expect(detail.getByTestId('what-happened')).toHaveText(STORIES.stranger);
  await page.getByRole('button', { name: 'Back' }).click();

  // Changed after signing: shown, and marked as not verifying, by the key the console now holds.
  detail = await open(page, STORIES.tampered);
  await expect(detail.getByTestId('signature')).toHaveAttribute('data-status', 'invalid');
  await expect(detail.getByRole('alert').filter({ hasText: 'The signature does NOT verify.' })).toBeVisible();
  await expect(detail.getByTestId('signer-fingerprint')).toHaveText(formatFingerprint(signer.fingerprint));
  await expect(detail.getByTestId('what-happened')).toHaveText(STORIES.tampered);
  await page.screenshot({ path: shots('console-signature-invalid'), fullPage: true });
  await page.getByRole('button', { name: 'Back' }).click();

  // Not signed: nothing about signatures at all.
  detail = await open(page, STORIES.unsigned);
  await expect(detail.getByTestId('what-happened')).toHaveText(STORIES.unsigned);
  await expect(detail.getByTestId('report-signatures')).toHaveCount(0);

  // The pasted key stayed in the browser.
  for (const r of requests) expect(r.body).not.toContain('BEGIN PGP PUBLIC KEY BLOCK');
});
