import { decrypt, enums, readKey, readMessage } from 'openpgp';

import { generateAgencyKey, unlockPrivateKey } from '../../../crypto/src/keys';
import {
  decryptReferral,
  encryptReferral,
  MAX_REFERRAL_PLAINTEXT_BYTES,
  REFERRAL_ENVELOPE,
} from '../../../crypto/src/referral';
import { encryptedCompressionBomb } from '../../support/compression-bomb';
import { reportTimes } from '../../support/packet-times';
import { encryptToKeys } from '../../support/reports';

const PASSPHRASE = 'agency passphrase for unit tests';

async function keyPair(name = 'Agency') {
  const made = await generateAgencyKey({ agencyName: name, passphrase: PASSPHRASE });
  return {
    armoredPublicKey: made.armoredPublicKey,
    publicKey: await readKey({ armoredKey: made.armoredPublicKey }),
    privateKey: await unlockPrivateKey({ armoredPrivateKey: made.armoredPrivateKey, passphrase: PASSPHRASE }),
  };
}

/** The plaintext bytes inside an encrypted referral, as a reader other than the product sees them. */
async function plaintextOf(armoredReferral: string, decryptionKey: Awaited<ReturnType<typeof keyPair>>['privateKey']) {
  const message = await readMessage({ armoredMessage: armoredReferral });
  const { data } = await decrypt({ message, decryptionKeys: decryptionKey, format: 'binary' });
  return data;
}

describe('encryptReferral / decryptReferral', () => {
  it('round-trips to every recipient, in gpg-readable form (SEIPD v1), dated at the epoch', async () => {
    const [agency, reviewer] = await Promise.all([keyPair('Agency'), keyPair('Reviewer')]);
    const referral = { facts: 'Сотрудник предложил взятку.', evidence: [{ n: 1 }] };
    const { armoredReferral, envelopeVersion } = await encryptReferral({
      referral,
      recipientKeys: [agency.publicKey, reviewer.publicKey],
    });
    expect(envelopeVersion).toBe(1);
    const message = await readMessage({ armoredMessage: armoredReferral });
    const seipd = message.packets.filterByTag(enums.packet.symEncryptedIntegrityProtectedData);
    expect((seipd[0] as unknown as { version: number }).version).toBe(1);
    for (const { privateKey } of [agency, reviewer]) {
      expect(await decryptReferral({ armoredReferral, decryptionKey: privateKey })).toEqual({ status: 'ok', referral });
      expect(await reportTimes(armoredReferral, privateKey)).toEqual([{ where: 'literal data (depth 0)', seconds: 0 }]);
    }
  });

  it('pads the envelope with spaces to the bucket (1 KiB for a short one), as JSON a reader parses', async () => {
    const agency = await keyPair();
    const { armoredReferral } = await encryptReferral({ referral: { a: 1 }, recipientKeys: [agency.publicKey] });
    const text = new TextDecoder().decode(await plaintextOf(armoredReferral, agency.privateKey));
    expect(text.length).toBe(1024);
    expect(text).toMatch(/^\{"envelope":"whistle412\/referral","v":1,"referral":\{"a":1\},"pad":" +"\}$/);
  });

  it('pads a referral past the doubling buckets to a 64 KiB step, never past the limit', async () => {
    const agency = await keyPair();
    // Just over 128 KiB of JSON: the next step is the limit itself.
    const { armoredReferral } = await encryptReferral({
      referral: 'x'.repeat(128 * 1024),
      recipientKeys: [agency.publicKey],
    });
    expect((await plaintextOf(armoredReferral, agency.privateKey)).length).toBe(MAX_REFERRAL_PLAINTEXT_BYTES);
  });

  it('takes a referral whose envelope is exactly the limit and refuses one byte more', async () => {
    const agency = await keyPair();
    const overhead = JSON.stringify({ envelope: REFERRAL_ENVELOPE, v: 1, referral: '', pad: '' }).length;
    const exact = 'x'.repeat(MAX_REFERRAL_PLAINTEXT_BYTES - overhead);
    const { armoredReferral } = await encryptReferral({ referral: exact, recipientKeys: [agency.publicKey] });
    const plaintext = await plaintextOf(armoredReferral, agency.privateKey);
    expect(plaintext.length).toBe(MAX_REFERRAL_PLAINTEXT_BYTES);
    expect(await decryptReferral({ armoredReferral, decryptionKey: agency.privateKey })).toEqual({
      status: 'ok',
      referral: exact,
    });
    await expect(encryptReferral({ referral: `${exact}x`, recipientKeys: [agency.publicKey] })).rejects.toMatchObject({
      code: 'report_too_large',
    });
  });

  it('says a referral for other keys is not for this key, and damage is corruption', async () => {
    const [agency, stranger] = await Promise.all([keyPair('Agency'), keyPair('Stranger')]);
    const { armoredReferral } = await encryptReferral({ referral: { a: 1 }, recipientKeys: [agency.publicKey] });
    expect(await decryptReferral({ armoredReferral, decryptionKey: stranger.privateKey })).toEqual({
      status: 'failed',
      reason: 'not_for_this_key',
    });
    expect(await decryptReferral({ armoredReferral: 'not a message', decryptionKey: agency.privateKey })).toEqual({
      status: 'failed',
      reason: 'corrupted',
    });
  });

  it('fails a compressed referral that inflates past the limit rather than reading it', async () => {
    const agency = await keyPair();
    const bomb = await encryptedCompressionBomb(agency.armoredPublicKey);
    expect(await decryptReferral({ armoredReferral: bomb, decryptionKey: agency.privateKey })).toEqual({
      status: 'failed',
      reason: 'corrupted',
    });
  });

  it.each([
    ['not JSON', 'not json'],
    ['another envelope', JSON.stringify({ envelope: 'whistle412/report', v: 1, referral: {} })],
    ['another version', JSON.stringify({ envelope: REFERRAL_ENVELOPE, v: 2, referral: {} })],
    ['no referral', JSON.stringify({ envelope: REFERRAL_ENVELOPE, v: 1 })],
  ])('refuses a plaintext that is %s as an unknown envelope', async (_what, plaintext) => {
    const agency = await keyPair();
    const armoredReferral = await encryptToKeys(new TextEncoder().encode(plaintext), [agency.armoredPublicKey]);
    expect(await decryptReferral({ armoredReferral, decryptionKey: agency.privateKey })).toEqual({
      status: 'failed',
      reason: 'unknown_envelope',
    });
  });

  it('pads the envelope, never a field of the referral that looks like its padding', async () => {
    const agency = await keyPair();
    const referral = { pad: '', note: { pad: '' } };
    const { armoredReferral } = await encryptReferral({ referral, recipientKeys: [agency.publicKey] });
    expect(await decryptReferral({ armoredReferral, decryptionKey: agency.privateKey })).toEqual({
      status: 'ok',
      referral,
    });
  });

  it('reads a referral whose value is null (the key is there)', async () => {
    const agency = await keyPair();
    const plaintext = JSON.stringify({ envelope: REFERRAL_ENVELOPE, v: 1, referral: null });
    const armoredReferral = await encryptToKeys(new TextEncoder().encode(plaintext), [agency.armoredPublicKey]);
    expect(await decryptReferral({ armoredReferral, decryptionKey: agency.privateKey })).toEqual({
      status: 'ok',
      referral: null,
    });
  });
});
