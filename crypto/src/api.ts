import type { PublicKey } from 'openpgp';

import { CryptoError } from './errors';
import { PlaintextSource, type BlobLike } from './file-source';
import { parseFingerprint } from './fingerprint';
import { generateReporterKey, readAgencyKey, unlockPrivateKey } from './keys';
import { KeyStore } from './keystore';
import { searchProofOfWork, solveProofOfWork } from './proof-of-work';
import { deriveReceiptSecrets, newReceipt } from './receipt';
import { RefMap } from './refs';
import { decryptReferral, encryptReferral } from './referral';
import { decryptReport, encryptReport } from './report';
import { encryptForDestination, readDestinationKey } from './destination';
import { decryptSegment, encryptSegment, readRecipientKeys, type RecipientOptions } from './segments';
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
  const destinations = new RefMap<PublicKey>('destination');
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

    async clearKeyStore() {
      keys.clear();
      destinations.clear();
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

    /** A referral encrypted to a prepared recipient set (the same keys reports are encrypted to). */
    async encryptReferral({ referral, recipientsRef }: { referral: unknown; recipientsRef: string }) {
      return encryptReferral({ referral, recipientKeys: recipientSets.get(recipientsRef) });
    },

    async decryptReferral({ armoredReferral, keyRef }: { armoredReferral: string; keyRef: KeyRef }) {
      return decryptReferral({ armoredReferral, decryptionKey: keys.get(keyRef) });
    },

    /** Reads a registered destination key, checked against the fingerprint the reviewer chose, for an export. */
    async prepareDestination(options: { armoredDestinationKey: string; expectedFingerprint: string }) {
      return { destinationRef: destinations.add(await readDestinationKey(options)) };
    },

    /** One part of an export (the PDF, the manifest, a file segment) as a binary message to the destination. */
    async encryptForDestination({ destinationRef, plaintext }: { destinationRef: string; plaintext: Uint8Array }) {
      return {
        encryptedMessage: await encryptForDestination({ plaintext, destinationKey: destinations.get(destinationRef) }),
      };
    },

    async closeDestination({ destinationRef }: { destinationRef: string }) {
      destinations.delete(destinationRef);
    },

    /** One stored segment decrypted with an unlocked key (the console saves a file segment by segment). */
    async decryptFileSegment({ encryptedSegment, keyRef }: { encryptedSegment: Uint8Array; keyRef: KeyRef }) {
      return { plaintext: await decryptSegment({ encryptedSegment, decryptionKey: keys.get(keyRef) }) };
    },
  };
}

export type CryptoApi = ReturnType<typeof createCryptoApi>;
export type CryptoMethod = keyof CryptoApi;
