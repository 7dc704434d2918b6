import type { PublicKey } from 'openpgp';

import { CryptoError } from './errors';
import { openEvidenceReceipt } from './evidence-receipt';
import { PlaintextSource, type BlobLike } from './file-source';
import { parseFingerprint } from './fingerprint';
import { generateReporterKey, readAgencyKey, unlockPrivateKey } from './keys';
import { KeyStore } from './keystore';
import { searchProofOfWork, solveProofOfWork } from './proof-of-work';
import { deriveReceiptSecrets, newReceipt } from './receipt';
import { RefMap } from './refs';
import { decryptReport, encryptReport } from './report';
import { decryptSegment, encryptSegment, readRecipientKeys, type RecipientOptions } from './segments';
import { decryptThreadMessage, encryptThreadMessage, readReporterPublicKey } from './thread-message';
import type { KeyRef } from './types';

/** What a browser sends to the server for one report; built inside the crypto endpoint. */
export interface SealedReport {
  envelopeVersion: number;
  armoredReport: string;
  receiptLookup: string;
  reporterKey: { armoredPublicKey: string; armoredPrivateKey: string };
}

/**
 * Creates the operations a page may ask of the crypto endpoint. Everything
 * here takes and returns plain data, so it works the same in-thread and across
 * a worker boundary, and private keys stay behind `keyRef`s.
 */
export function createCryptoApi() {
  const keys = new KeyStore();
  const recipientSets = new RefMap<PublicKey[]>('recipients');
  const files = new RefMap<PlaintextSource>('file');
  return {
    /**
     * Everything a reporter's browser does to one report: checks the served
     * agency key against the published fingerprint, encrypts the report,
     * draws a receipt and derives from it the lookup value and the passphrase
     * of a fresh reporter key. Returns the receipt (shown once) and what to send.
     */
    async sealReport(options: { report: unknown; armoredAgencyKey: string; pinnedAgencyFingerprint: string }) {
      const { armoredReport, envelopeVersion } = await encryptReport(options);
      const receipt = newReceipt();
      const { receiptLookup, reporterKeyPassphrase } = await deriveReceiptSecrets(receipt);
      const reporterKey = await generateReporterKey({ passphrase: reporterKeyPassphrase });
      const submission: SealedReport = {
        envelopeVersion,
        armoredReport,
        receiptLookup,
        reporterKey: {
          armoredPublicKey: reporterKey.armoredPublicKey,
          armoredPrivateKey: reporterKey.armoredPrivateKey,
        },
      };
      return { receipt, submission };
    },

    /** The fingerprint of a public key as served, for display beside the published one. */
    async agencyKeyFingerprint({ armoredAgencyKey }: { armoredAgencyKey: string }) {
      return { fingerprint: (await readAgencyKey({ armoredKey: armoredAgencyKey })).fingerprint };
    },

    async unlockKey(options: { armoredPrivateKey: string; passphrase: string; expectedFingerprint?: string }) {
      const key = await unlockPrivateKey(options);
      if (options.expectedFingerprint && key.getFingerprint() !== parseFingerprint(options.expectedFingerprint)) {
        throw new CryptoError('agency_key_mismatch', 'This private key is not the agency key the platform uses.');
      }
      return keys.add(key);
    },

    async decryptReport({ armoredReport, keyRef }: { armoredReport: string; keyRef: KeyRef }) {
      return decryptReport({ armoredReport, decryptionKey: keys.get(keyRef) });
    },

    /** Solves a server's proof-of-work challenge (anonymous routes ask for one to make floods costly). */
    async solveProofOfWork({ challenge, bits }: { challenge: string; bits: number }) {
      return solveProofOfWork({ challenge, bits });
    },

    /** One slice of that search, so the page can show progress between slices (crypto/src/proof-of-work.ts). */
    async searchProofOfWork(options: { challenge: string; bits: number; fromNonce: number; hashes: number }) {
      return searchProofOfWork(options);
    },

    /**
     * A return visit: the lookup value the server finds the report by. The
     * receipt is parsed here, so a mistyped one is refused before any request.
     */
    async receiptLookup({ receipt }: { receipt: string }) {
      return { receiptLookup: (await deriveReceiptSecrets(receipt)).receiptLookup };
    },

    /**
     * Unlocks the report's reporter key with the passphrase derived from the
     * receipt, inside this endpoint: the passphrase never reaches the page.
     */
    async unlockReporterKey({ receipt, armoredPrivateKey }: { receipt: string; armoredPrivateKey: string }) {
      const { reporterKeyPassphrase } = await deriveReceiptSecrets(receipt);
      return keys.add(await unlockPrivateKey({ armoredPrivateKey, passphrase: reporterKeyPassphrase }));
    },

    /**
     * One message of a report's thread, by the reporter or a reviewer:
     * encrypted to the recipient set (checked against the pinned agency
     * fingerprint) and to the report's reporter key.
     */
    async sealThreadMessage(options: RecipientOptions & { message: unknown; armoredReporterKey: string }) {
      const recipientKeys = await readRecipientKeys(options);
      const reporterKey = await readReporterPublicKey(options.armoredReporterKey);
      return { armoredMessage: await encryptThreadMessage({ message: options.message, recipientKeys, reporterKey }) };
    },

    async decryptThreadMessage({ armoredMessage, keyRef }: { armoredMessage: string; keyRef: KeyRef }) {
      return decryptThreadMessage({ armoredMessage, decryptionKey: keys.get(keyRef) });
    },

    /**
     * Checks an evidence receipt against the platform signing key, whose
     * fingerprint must be the published one; the outcome is data (verified, or
     * the problem), never an exception.
     */
    async openReceipt(options: {
      receiptText: string;
      armoredSignature: string;
      armoredPlatformKey: string;
      platformFingerprint: string;
    }) {
      return openEvidenceReceipt(options);
    },

    async clearKeyStore() {
      keys.clear();
    },

    /**
     * Checks the served agency key against the pinned fingerprint once and
     * keeps the recipient set for the segments of every file that follows.
     */
    async prepareRecipients(options: RecipientOptions) {
      return { recipientsRef: recipientSets.add(await readRecipientKeys(options)) };
    },

    /**
     * Opens an evidence file for encryption: a File (cloned across the worker
     * boundary as a handle, not its bytes), read here segment by segment. A
     * photo's metadata is removed unless `removeMetadata` is false.
     */
    async openFile({ file, removeMetadata }: { file: BlobLike; removeMetadata: boolean }) {
      const source = await PlaintextSource.open(file, { removeMetadata });
      return {
        fileRef: files.add(source),
        size: source.size,
        segments: source.segments,
        photoFormat: source.photoFormat,
        metadata: source.metadata,
      };
    },

    /** Segment `index` of an open file as a binary OpenPGP message to the recipient set. */
    async encryptFileSegment({
      fileRef,
      recipientsRef,
      index,
    }: {
      fileRef: string;
      recipientsRef: string;
      index: number;
    }) {
      const plaintext = await files.get(fileRef).segment(index);
      const encryptedSegment = await encryptSegment({ plaintext, recipientKeys: recipientSets.get(recipientsRef) });
      return { encryptedSegment, plaintextBytes: plaintext.length };
    },

    async closeFile({ fileRef }: { fileRef: string }) {
      files.delete(fileRef);
    },

    /** One stored segment decrypted with an unlocked key (the console saves a file segment by segment). */
    async decryptFileSegment({ encryptedSegment, keyRef }: { encryptedSegment: Uint8Array; keyRef: KeyRef }) {
      return { plaintext: await decryptSegment({ encryptedSegment, decryptionKey: keys.get(keyRef) }) };
    },
  };
}

export type CryptoApi = ReturnType<typeof createCryptoApi>;
export type CryptoMethod = keyof CryptoApi;
