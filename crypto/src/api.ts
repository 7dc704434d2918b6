import type { PublicKey } from 'openpgp';

import { deriveAccessCodeSecrets, newAccessCode } from './access-code';
import { CryptoError } from './errors';
import { openEvidenceReceipt } from './evidence-receipt';
import { createFileApi, type SegmentIo } from './file-api';
import { parseFingerprint } from './fingerprint';
import { generateReporterKey, readAgencyKey, unlockPrivateKey } from './keys';
import { KeyStore } from './keystore';
import { decryptNote, encryptNote } from './notes';
import { searchProofOfWork, solveProofOfWork } from './proof-of-work';
import { deriveReceiptSecrets, newReceipt } from './receipt';
import { RefMap } from './refs';
import { decryptReferral, encryptReferral } from './referral';
import { decryptReport, encryptReport, type EnvelopeExtras } from './report';
import { readSignerKey } from './report-signature';
import {
  certifyReviewerKey,
  generateReviewerKey,
  verifiedRecipientSet,
  type RecipientSetOptions,
} from './reviewer-key';
import { encryptForDestination, readDestinationKey } from './destination';
import {
  decryptThreadMessage,
  encryptThreadMessage,
  MAX_SHARE_PLAINTEXT_BYTES,
  readReporterPublicKey,
} from './thread-message';
import type { Fingerprint, KeyRef } from './types';

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
  const destinations = new RefMap<PublicKey>('destination');
  /** Public keys a reviewer pasted this session to check signatures inside reports with. */
  const signerKeys = new Map<Fingerprint, PublicKey>();
  return {
    ...fileApi,
    /**
     * Everything a reporter's browser does to one report: checks the served
     * agency key against the published fingerprint, draws a receipt, derives
     * from it the lookup value and the passphrase of a fresh reporter key, and
     * encrypts the report to the recipient set and that reporter key. Returns
     * the receipt (shown once) and what to send.
     */
    async sealReport(options: { report: unknown } & EnvelopeExtras & RecipientSetOptions) {
      const receipt = newReceipt();
      const { receiptLookup, reporterKeyPassphrase } = await deriveReceiptSecrets(receipt);
      const reporterKey = await generateReporterKey({ passphrase: reporterKeyPassphrase });
      // Encrypted to the reporter key too (the server accepts exactly that one extra key, sent beside it).
      const { armoredReport, envelopeVersion, reviewerFingerprints } = await encryptReport({
        ...options,
        reporterKey: await readReporterPublicKey(reporterKey.armoredPublicKey),
      });
      const submission: SealedReport = {
        envelopeVersion,
        armoredReport,
        receiptLookup,
        reporterKey: {
          armoredPublicKey: reporterKey.armoredPublicKey,
          armoredPrivateKey: reporterKey.armoredPrivateKey,
        },
      };
      return { receipt, submission, reviewerFingerprints };
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

    /**
     * Decrypts a report; a signature inside is checked against every key this
     * endpoint holds: the signer keys pasted this session and the unlocked keys.
     */
    async decryptReport({ armoredReport, keyRef }: { armoredReport: string; keyRef: KeyRef }) {
      const verificationKeys = [...signerKeys.values(), ...keys.all()];
      return decryptReport({ armoredReport, decryptionKey: keys.get(keyRef), verificationKeys });
    },

    /**
     * A public key the reviewer pasted to check report signatures with, kept
     * until the key store is cleared (logout). Says which key it is, so the
     * reviewer can compare the fingerprint with one they got out of band.
     */
    async addSignerKey({ armoredPublicKey }: { armoredPublicKey: string }) {
      const key = await readSignerKey(armoredPublicKey);
      const fingerprint = key.getFingerprint() as Fingerprint;
      signerKeys.set(fingerprint, key);
      return { fingerprint, userIds: key.getUserIDs() };
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
    async sealThreadMessage(options: RecipientSetOptions & { message: unknown; armoredReporterKey: string }) {
      const { keys: recipientKeys } = await verifiedRecipientSet(options);
      const reporterKey = await readReporterPublicKey(options.armoredReporterKey);
      return { armoredMessage: await encryptThreadMessage({ message: options.message, recipientKeys, reporterKey }) };
    },

    async decryptThreadMessage({ armoredMessage, keyRef }: { armoredMessage: string; keyRef: KeyRef }) {
      return decryptThreadMessage({ armoredMessage, decryptionKey: keys.get(keyRef) });
    },

    /**
     * The reporter issues an access code for their lawyer: a fresh code (shown
     * once), its lookup value, a lawyer key pair whose private half is locked
     * by a passphrase derived from the code, and the reporter's own label for
     * it, encrypted to the reporter key alone (only the receipt reads it).
     */
    async issueAccessCode({ label, armoredReporterKey }: { label: string; armoredReporterKey: string }) {
      const accessCode = newAccessCode();
      const { accessLookup, lawyerKeyPassphrase } = await deriveAccessCodeSecrets(accessCode);
      const lawyerKey = await generateReporterKey({ passphrase: lawyerKeyPassphrase });
      const armoredLabel = await encryptThreadMessage({
        message: { label },
        recipientKeys: [],
        reporterKey: await readReporterPublicKey(armoredReporterKey),
      });
      return {
        accessCode,
        accessLookup,
        lawyerKey: { armoredPublicKey: lawyerKey.armoredPublicKey, armoredPrivateKey: lawyerKey.armoredPrivateKey },
        armoredLabel,
      };
    },

    /**
     * What the reporter chose to share with one lawyer (their own report
     * and/or their thread with the agency, as they read them): encrypted to
     * that lawyer key and the reporter key only, never to anyone else.
     */
    async sealShare({
      share,
      armoredLawyerKey,
      armoredReporterKey,
    }: {
      share: unknown;
      armoredLawyerKey: string;
      armoredReporterKey: string;
    }) {
      return {
        armoredShare: await encryptThreadMessage({
          message: share,
          recipientKeys: [await readReporterPublicKey(armoredReporterKey)],
          reporterKey: await readReporterPublicKey(armoredLawyerKey),
          maxPlaintextBytes: MAX_SHARE_PLAINTEXT_BYTES,
        }),
      };
    },

    /** The lawyer's page: the lookup value the server finds the code by; a mistyped code is refused here. */
    async accessLookup({ accessCode }: { accessCode: string }) {
      return { accessLookup: (await deriveAccessCodeSecrets(accessCode)).accessLookup };
    },

    /** Unlocks the lawyer key with the passphrase derived from the code, inside this endpoint. */
    async unlockLawyerKey({ accessCode, armoredPrivateKey }: { accessCode: string; armoredPrivateKey: string }) {
      const { lawyerKeyPassphrase } = await deriveAccessCodeSecrets(accessCode);
      return keys.add(await unlockPrivateKey({ armoredPrivateKey, passphrase: lawyerKeyPassphrase }));
    },

    /**
     * One message of a lawyer's thread with the agency (by the lawyer or a
     * reviewer): encrypted to the recipient set and the lawyer key only.
     */
    async sealLawyerMessage(options: RecipientSetOptions & { message: unknown; armoredLawyerKey: string }) {
      const { keys: recipientKeys } = await verifiedRecipientSet(options);
      const lawyerKey = await readReporterPublicKey(options.armoredLawyerKey);
      return {
        armoredMessage: await encryptThreadMessage({ message: options.message, recipientKeys, reporterKey: lawyerKey }),
      };
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
      signerKeys.clear();
      destinations.clear();
    },

    /**
     * Checks the served recipient set once (the agency key against the pinned
     * fingerprint, each reviewer key's certification against the agency key)
     * and keeps it for the segments of every file that follows. Says which
     * reviewer keys were used and which were dropped, and why.
     */
    async prepareRecipients(options: RecipientSetOptions & { extraArmoredKeys?: readonly string[] }) {
      const { keys: recipientKeys, ...summary } = await verifiedRecipientSet(options);
      // A lawyer's evidence is also encrypted to the report's reporter key and the lawyer's own key.
      const extra = await Promise.all((options.extraArmoredKeys ?? []).map((k) => readReporterPublicKey(k)));
      return { recipientsRef: recipientSets.add([...recipientKeys, ...extra]), ...summary };
    },

    /**
     * A reviewer's own key pair, made at their first login: the private half
     * encrypted with `passphrase` (to be stored by the server, which cannot
     * open it), and the key unlocked here at once for this session.
     */
    async createReviewerKey({ passphrase }: { passphrase: string }) {
      const made = await generateReviewerKey({ passphrase });
      const { keyRef } = keys.add(await unlockPrivateKey({ armoredPrivateKey: made.armoredPrivateKey, passphrase }));
      return { keyRef, ...made };
    },

    /**
     * The administrator certifies a reviewer key with the agency key unlocked
     * here (`unlockKey` with the pinned fingerprint as `expectedFingerprint`).
     */
    async certifyReviewerKey({
      armoredReviewerKey,
      agencyKeyRef,
    }: {
      armoredReviewerKey: string;
      agencyKeyRef: KeyRef;
    }) {
      return certifyReviewerKey({ armoredReviewerKey, agencyPrivateKey: keys.get(agencyKeyRef) });
    },

    /** A reviewer's internal note, encrypted to a prepared recipient set (never the reporter's key). */
    async encryptNote({ text, recipientsRef }: { text: string; recipientsRef: string }) {
      return { armoredNote: await encryptNote({ text, recipientKeys: recipientSets.get(recipientsRef) }) };
    },

    async decryptNote({ armoredNote, keyRef }: { armoredNote: string; keyRef: KeyRef }) {
      return decryptNote({ armoredNote, decryptionKey: keys.get(keyRef) });
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
  };
}

export type CryptoApi = ReturnType<typeof createCryptoApi>;
export type CryptoMethod = keyof CryptoApi;
