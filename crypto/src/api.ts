import type { PublicKey } from 'openpgp';

import { CryptoError } from './errors';
import { openEvidenceReceipt } from './evidence-receipt';
import { createFileApi, type SegmentIo } from './file-api';
import { parseFingerprint } from './fingerprint';
import { generateReporterKey, readAgencyKey, unlockPrivateKey } from './keys';
import { KeyStore } from './keystore';
import { searchProofOfWork, solveProofOfWork } from './proof-of-work';
import { deriveReceiptSecrets, newReceipt } from './receipt';
import { RefMap } from './refs';
import { decryptReport, encryptReport } from './report';
import { readRecipientKeys, type RecipientOptions } from './segments';
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
 * a worker boundary, and private keys stay behind `keyRef`s. `io` sends
 * encrypted evidence-file segments from where they were encrypted (the
 * browser's crypto worker has one; see file-api.ts for why).
 */
export function createCryptoApi({ io }: { io?: SegmentIo } = {}) {
  const keys = new KeyStore();
  const recipientSets = new RefMap<PublicKey[]>('recipients');
  const fileApi = createFileApi({
    recipientKeys: (ref) => recipientSets.get(ref),
    decryptionKey: (ref) => keys.get(ref as KeyRef),
    io,
  });
  return {
    ...fileApi,
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
  };
}

export type CryptoApi = ReturnType<typeof createCryptoApi>;
export type CryptoMethod = keyof CryptoApi;
