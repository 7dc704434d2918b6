import { decrypt, generateKey, readKey, readMessage, type PrivateKey, type PublicKey } from 'openpgp';

import { createCryptoApi } from '../../../crypto/src/api';
import { formatFingerprint } from '../../../crypto/src/fingerprint';
import { generateAgencyKey, generateReporterKey, unlockPrivateKey, type GeneratedKey } from '../../../crypto/src/keys';
import { KeyStore } from '../../../crypto/src/keystore';
import { meetsDifficulty } from '../../../crypto/src/proof-of-work';

/**
 * The crypto endpoint's verbs that no page-level suite drives in-thread (notes, referrals, exports, the lawyer's
 * thread, evidence receipts, proof of work) and the key store behind every `keyRef`, with real keys and real
 * OpenPGP.js. The other verbs are run by the suites that call them as the pages do (stryker.config.mjs: `api`).
 */
const PASSPHRASE = 'agency passphrase for api tests';
let agency: GeneratedKey;
let office: { privateKey: PrivateKey; publicKey: PublicKey };
beforeAll(async () => {
  [agency, office] = await Promise.all([
    generateAgencyKey({ agencyName: 'Agency', passphrase: PASSPHRASE }),
    generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Office' }], format: 'object' }),
  ]);
});

async function withRecipients() {
  const api = createCryptoApi();
  const { recipientsRef } = await api.prepareRecipients({
    armoredAgencyKey: agency.armoredPublicKey,
    pinnedAgencyFingerprint: agency.fingerprint,
  });
  const { keyRef } = await api.unlockKey({ armoredPrivateKey: agency.armoredPrivateKey, passphrase: PASSPHRASE });
  return { api, recipientsRef, keyRef };
}

describe('the key store', () => {
  it('hands out a random reference and the fingerprint, never the key, and gives the key back by reference', async () => {
    const key = await unlockPrivateKey({ armoredPrivateKey: agency.armoredPrivateKey, passphrase: PASSPHRASE });
    const store = new KeyStore();
    const first = store.add(key);
    const second = store.add(key);
    expect(first).toEqual({ keyRef: expect.stringMatching(/^key_[0-9a-f]{32}$/), fingerprint: agency.fingerprint });
    expect(second.keyRef).not.toBe(first.keyRef);
    expect(store.get(first.keyRef)).toBe(key);
    expect(store.all()).toEqual([key, key]);
    store.clear();
    expect(store.all()).toEqual([]);
    expect(() => store.get(first.keyRef)).toThrow(
      expect.objectContaining({ code: 'unknown_key_ref', message: 'The key is no longer unlocked; unlock it again.' }),
    );
  });
});

describe('unlockKey', () => {
  it('takes the agency key when the pinned fingerprint is given in any written form', async () => {
    const api = createCryptoApi();
    for (const expectedFingerprint of [agency.fingerprint, formatFingerprint(agency.fingerprint), undefined]) {
      await expect(
        api.unlockKey({ armoredPrivateKey: agency.armoredPrivateKey, passphrase: PASSPHRASE, expectedFingerprint }),
      ).resolves.toMatchObject({ fingerprint: agency.fingerprint });
    }
  });

  it('refuses another key as the agency key, in its own words', async () => {
    const reporter = await generateReporterKey({ passphrase: 'p' });
    await expect(
      createCryptoApi().unlockKey({
        armoredPrivateKey: reporter.armoredPrivateKey,
        passphrase: 'p',
        expectedFingerprint: agency.fingerprint,
      }),
    ).rejects.toMatchObject({
      code: 'agency_key_mismatch',
      message: 'This private key is not the agency key the platform uses.',
    });
  });
});

describe('notes and referrals to a prepared recipient set', () => {
  it('a note reads back with the agency key', async () => {
    const { api, recipientsRef, keyRef } = await withRecipients();
    const { armoredNote } = await api.encryptNote({ text: 'Позвонить адвокату', recipientsRef });
    expect(armoredNote).toContain('BEGIN PGP MESSAGE');
    await expect(api.decryptNote({ armoredNote, keyRef })).resolves.toEqual({
      status: 'ok',
      text: 'Позвонить адвокату',
    });
    await expect(api.encryptNote({ text: 'x', recipientsRef: 'recipients_gone' })).rejects.toMatchObject({
      code: 'unknown_ref',
    });
  });

  it('a referral reads back with the agency key', async () => {
    const { api, recipientsRef, keyRef } = await withRecipients();
    const referral = { destination: 'prosecutor', summary: 'Провокация взятки' };
    const encrypted = await api.encryptReferral({ referral, recipientsRef });
    expect(encrypted).toEqual({ armoredReferral: expect.stringContaining('BEGIN PGP MESSAGE'), envelopeVersion: 1 });
    await expect(api.decryptReferral({ armoredReferral: encrypted.armoredReferral, keyRef })).resolves.toEqual({
      status: 'ok',
      referral,
    });
  });
});

describe('evidence files through the endpoint', () => {
  it("are encrypted to the prepared set and a lawyer's extra keys, and decrypt with any of their keys by reference", async () => {
    const api = createCryptoApi();
    const reporter = await generateReporterKey({ passphrase: 'reporter' });
    const prepared = await api.prepareRecipients({
      armoredAgencyKey: agency.armoredPublicKey,
      pinnedAgencyFingerprint: agency.fingerprint,
      extraArmoredKeys: [reporter.armoredPublicKey],
    });
    expect(prepared.recipientsRef).toMatch(/^recipients_[0-9a-f]{24}$/);
    const content = new TextEncoder().encode('фото протокола');
    const { fileRef } = await api.openFile({ file: new Blob([content]), removeMetadata: true });
    const { encryptedSegment } = await api.encryptFileSegment({
      fileRef,
      recipientsRef: prepared.recipientsRef,
      index: 0,
    });
    expect((await readMessage({ binaryMessage: encryptedSegment })).getEncryptionKeyIDs()).toHaveLength(2);
    const unlocked = [
      await api.unlockKey({ armoredPrivateKey: agency.armoredPrivateKey, passphrase: PASSPHRASE }),
      await api.unlockKey({ armoredPrivateKey: reporter.armoredPrivateKey, passphrase: 'reporter' }),
    ];
    for (const { keyRef } of unlocked) {
      const { plaintext } = await api.decryptFileSegment({ encryptedSegment, keyRef });
      expect(plaintext).toEqual(content);
    }
    await expect(api.decryptFileSegment({ encryptedSegment, keyRef: 'key_gone' })).rejects.toMatchObject({
      code: 'unknown_key_ref',
    });
  });
});

describe('exports to a destination key', () => {
  it('encrypts each part to the chosen destination until it is closed or the store is cleared', async () => {
    const api = createCryptoApi();
    const prepare = () =>
      api.prepareDestination({
        armoredDestinationKey: office.publicKey.armor(),
        expectedFingerprint: office.publicKey.getFingerprint(),
      });
    const { destinationRef } = await prepare();
    expect(destinationRef).toMatch(/^destination_[0-9a-f]{24}$/);
    const plaintext = new TextEncoder().encode('%PDF-1.7 referral');
    const { encryptedMessage } = await api.encryptForDestination({ destinationRef, plaintext });
    const { data } = await decrypt({
      message: await readMessage({ binaryMessage: encryptedMessage }),
      decryptionKeys: office.privateKey,
      format: 'binary',
    });
    expect(data).toEqual(plaintext);

    await api.closeDestination({ destinationRef });
    await expect(api.encryptForDestination({ destinationRef, plaintext })).rejects.toMatchObject({
      code: 'unknown_ref',
    });
    const again = await prepare();
    await api.clearKeyStore();
    await expect(api.encryptForDestination({ destinationRef: again.destinationRef, plaintext })).rejects.toMatchObject({
      code: 'unknown_ref',
    });
  });
});

describe("a lawyer's thread with the agency", () => {
  it('is encrypted to the recipient set and the lawyer key, and to no one else', async () => {
    const { api, keyRef } = await withRecipients();
    const lawyer = await generateReporterKey({ passphrase: 'lawyer' });
    const { keyRef: lawyerRef } = await api.unlockKey({
      armoredPrivateKey: lawyer.armoredPrivateKey,
      passphrase: 'lawyer',
    });
    const { armoredMessage } = await api.sealLawyerMessage({
      armoredAgencyKey: agency.armoredPublicKey,
      pinnedAgencyFingerprint: agency.fingerprint,
      message: { text: 'Прошу копию протокола' },
      armoredLawyerKey: lawyer.armoredPublicKey,
    });
    for (const ref of [keyRef, lawyerRef]) {
      await expect(api.decryptThreadMessage({ armoredMessage, keyRef: ref })).resolves.toEqual({
        status: 'ok',
        message: { text: 'Прошу копию протокола' },
      });
    }
    const recipients = (await readMessage({ armoredMessage })).getEncryptionKeyIDs().map((id) => id.toHex());
    expect(recipients).toHaveLength(2);
  });
});

describe('an access code for a lawyer', () => {
  it("carries the reporter's label, readable with the reporter key alone, and a lawyer key the code unlocks", async () => {
    const api = createCryptoApi();
    const reporter = await generateReporterKey({ passphrase: 'reporter' });
    const issued = await api.issueAccessCode({
      label: 'Адвокат Ахметова',
      armoredReporterKey: reporter.armoredPublicKey,
    });
    const recipients = (await readMessage({ armoredMessage: issued.armoredLabel })).getEncryptionKeyIDs();
    expect(recipients).toHaveLength(1);
    const { keyRef } = await api.unlockKey({ armoredPrivateKey: reporter.armoredPrivateKey, passphrase: 'reporter' });
    await expect(api.decryptThreadMessage({ armoredMessage: issued.armoredLabel, keyRef })).resolves.toEqual({
      status: 'ok',
      message: { label: 'Адвокат Ахметова' },
    });
    await expect(api.accessLookup({ accessCode: issued.accessCode })).resolves.toEqual({
      accessLookup: issued.accessLookup,
    });
    const lawyer = await api.unlockLawyerKey({
      accessCode: issued.accessCode,
      armoredPrivateKey: issued.lawyerKey.armoredPrivateKey,
    });
    expect(lawyer.fingerprint).toBe(
      (await readKey({ armoredKey: issued.lawyerKey.armoredPublicKey })).getFingerprint(),
    );
  });
});

describe('proof of work and evidence receipts', () => {
  it('solves a challenge to the difficulty asked', async () => {
    const proof = await createCryptoApi().solveProofOfWork({ challenge: 'challenge-for-api-test', bits: 6 });
    expect(proof.challenge).toBe('challenge-for-api-test');
    await expect(meetsDifficulty(proof, 6)).resolves.toBe(true);
  });

  it('says, as data, that a receipt checked against a key that is not the platform key is not verified', async () => {
    await expect(
      createCryptoApi().openReceipt({
        receiptText: '{}',
        armoredSignature: '',
        armoredPlatformKey: agency.armoredPublicKey,
        platformFingerprint: office.publicKey.getFingerprint(),
      }),
    ).resolves.toEqual({ verified: false, problem: 'platform_key_mismatch', receipt: null });
  });
});
