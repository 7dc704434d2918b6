import { createMessage, decrypt, encrypt, readMessage, type Key, type PrivateKey, type PublicKey } from 'openpgp';

import { CryptoError } from './errors';
import { fromUtf8, utf8 } from './encoding';
import { verifiedRecipientSet, type RecipientSetOptions } from './reviewer-key';
import { paddedLength } from './padding';
import { checkSignatures, openClearsigned, type SignatureCheck } from './report-signature';
import { GPG_COMPATIBLE, LITERAL_DATA_DATE, MAX_DECOMPRESSED_REPORT_BYTES } from './profile';

/**
 * The plaintext inside every encrypted report:
 * `{"envelope":"whistle412/report","v":2,"report":{…},"pad":"   "}`.
 * The version says how to read `report` (the schemas live with the pages
 * that read it, frontend/src/shared/report-v2.ts); `pad` only fills the bucket.
 * Optional fields sit between `report` and `pad` and are written only when
 * present: `representative` (a lawyer or other representative filing for
 * someone else: frontend/src/shared/representative.ts reads it).
 */
export const REPORT_ENVELOPE = 'whistle412/report';
/** The version this code writes: the structured Article 412-1 report. */
export const REPORT_ENVELOPE_VERSION = 2;
/** The versions a reader still opens: 1 is the first four-field form, which gpg users may still write by hand. */
export const REPORT_ENVELOPE_VERSIONS = [1, 2] as const;
export type ReportEnvelopeVersion = (typeof REPORT_ENVELOPE_VERSIONS)[number];

const isKnownVersion = (v: unknown): v is ReportEnvelopeVersion =>
  (REPORT_ENVELOPE_VERSIONS as readonly unknown[]).includes(v);
/** Largest padded plaintext a report may have; the server's limit on the ciphertext follows from it. */
export const MAX_REPORT_PLAINTEXT_BYTES = 192 * 1024;

/** Fields of the envelope besides the report itself, each optional and absent unless given. */
export interface EnvelopeExtras {
  /** Who filed the report on the reporter's behalf (a lawyer, say); only ever inside the encryption. */
  representative?: unknown;
}

export function sealEnvelope(report: unknown, { representative }: EnvelopeExtras = {}): Uint8Array {
  const extras = representative === undefined ? {} : { representative };
  const bare = JSON.stringify({ envelope: REPORT_ENVELOPE, v: REPORT_ENVELOPE_VERSION, report, ...extras, pad: '' });
  const length = utf8(bare).length;
  if (length > MAX_REPORT_PLAINTEXT_BYTES) {
    throw new CryptoError('report_too_large', 'The report is too long.');
  }
  const padding = ' '.repeat(Math.min(paddedLength(length), MAX_REPORT_PLAINTEXT_BYTES) - length);
  return utf8(bare.replace(/"pad":""}$/, `"pad":"${padding}"}`));
}

export interface EncryptReportOptions extends RecipientSetOptions, EnvelopeExtras {
  /** The report as the form collected it; any JSON value. */
  report: unknown;
  /**
   * The submission's own reporter key (made beside the report, its private
   * half locked by the receipt): the report is encrypted to it too, so the
   * reporter rereads it on a return visit, as they reread their replies.
   */
  reporterKey?: PublicKey;
}

/**
 * Encrypts a report to the recipient set (reviewer-key.ts: the pinned agency
 * key and every reviewer key it certified) and, when given, the submission's
 * reporter key. On an agency key mismatch nothing is encrypted: the server
 * may be trying to swap the key.
 */
export async function encryptReport({ report, representative, reporterKey, ...recipients }: EncryptReportOptions) {
  const set = await verifiedRecipientSet(recipients);
  const plaintext = sealEnvelope(report, { representative });
  const message = await createMessage({ binary: plaintext, format: 'binary', date: LITERAL_DATA_DATE });
  const armoredReport = await encrypt({
    message,
    encryptionKeys: reporterKey ? [...set.keys, reporterKey] : set.keys,
    format: 'armored',
    config: GPG_COMPATIBLE,
  });
  return {
    armoredReport,
    envelopeVersion: REPORT_ENVELOPE_VERSION,
    agencyFingerprint: set.agencyFingerprint,
    reviewerFingerprints: set.reviewerFingerprints,
  };
}

/** Present only on a report signed inside (report-signature.ts): one outcome per signature. */
interface Signed {
  signatures?: SignatureCheck[];
}

export type DecryptedReport =
  | ({ status: 'ok'; envelopeVersion: ReportEnvelopeVersion; report: unknown; representative?: unknown } & Signed)
  /** Readable text that is not a Whistle412 envelope: typically written by hand and encrypted with gpg. */
  | ({ status: 'plaintext'; text: string } & Signed)
  | { status: 'failed'; reason: 'not_for_this_key' | 'corrupted' | 'unknown_envelope' };

/**
 * Decrypts a stored report. Failure is a result, not an exception, so a
 * report that cannot be read still shows up in the reviewer's list, marked.
 * A signature inside is checked against `verificationKeys` (the keys the
 * console holds) and its outcome returned beside the report; a signature
 * that does not verify never hides the report, and is never left out.
 */
export async function decryptReport({
  armoredReport,
  decryptionKey,
  verificationKeys = [],
}: {
  armoredReport: string;
  decryptionKey: PrivateKey;
  verificationKeys?: readonly Key[];
}): Promise<DecryptedReport> {
  let data: Uint8Array;
  let signatures: SignatureCheck[];
  try {
    const message = await readMessage({ armoredMessage: armoredReport });
    const recipients = message.getEncryptionKeyIDs().map((id) => id.toHex());
    const ours = decryptionKey.getKeys().map((k) => k.getKeyID().toHex());
    if (!recipients.some((id) => ours.includes(id))) return { status: 'failed', reason: 'not_for_this_key' };
    const result = await decrypt({
      message,
      decryptionKeys: decryptionKey,
      verificationKeys: verificationKeys.map((key) => key.toPublic()),
      format: 'binary',
      config: { maxDecompressedMessageSize: MAX_DECOMPRESSED_REPORT_BYTES },
    });
    data = result.data;
    signatures = await checkSignatures(result.signatures, verificationKeys);
  } catch {
    return { status: 'failed', reason: 'corrupted' };
  }
  let text: string;
  try {
    text = fromUtf8(data);
  } catch {
    return { status: 'failed', reason: 'unknown_envelope' };
  }
  // Signed the other way: clearsigned text, then encrypted (it may hold an envelope, too).
  const clearsigned = signatures.length === 0 ? await openClearsigned(text, verificationKeys) : null;
  if (clearsigned) ({ text, signatures } = clearsigned);
  const opened = openEnvelope(text);
  return opened.status !== 'failed' && signatures.length > 0 ? { ...opened, signatures } : opened;
}

function openEnvelope(text: string): DecryptedReport {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'envelope' in parsed && parsed.envelope === REPORT_ENVELOPE) {
      // Ours, but perhaps from a newer version than this reader knows: say so rather than show it as text.
      if (!('v' in parsed) || !isKnownVersion(parsed.v) || !('report' in parsed)) {
        return { status: 'failed', reason: 'unknown_envelope' };
      }
      const representative = 'representative' in parsed ? { representative: parsed.representative } : {};
      return { status: 'ok', envelopeVersion: parsed.v, report: parsed.report, ...representative };
    }
  } catch {
    // not JSON: plain text, below
  }
  return { status: 'plaintext', text };
}
