import {
  createMessage,
  generateKey,
  readKey,
  readPrivateKey,
  readSignature,
  sign,
  verify,
  type PrivateKey,
} from 'openpgp';

import { CryptoError } from './errors';
import { parseFingerprint } from './fingerprint';
import { GPG_COMPATIBLE, KEY_TYPE, reporterKeyDate } from './profile';
import type { Fingerprint } from './types';

/**
 * Evidence receipts: a small JSON document about one stored file's
 * ciphertext, signed (OpenPGP detached signature) by the platform signing
 * key, a key of the server's own, separate from the agency key. `gpg --verify
 * receipt.json.asc receipt.json` checks it with nothing but the platform's
 * public key, whose fingerprint is published with the agency's.
 */
export const EVIDENCE_RECEIPT_TYPE = 'whistle412/evidence-receipt';
export const EVIDENCE_RECEIPT_VERSION = 1;
export const PLATFORM_KEY_USER_ID = 'Whistle412 platform (evidence receipts)';

export interface EvidenceReceiptSegment {
  index: number;
  bytes: number;
  sha256: string;
}

/** What a receipt says, field by field (docs/protocol.md, "Evidence receipts"). */
export interface EvidenceReceipt {
  type: typeof EVIDENCE_RECEIPT_TYPE;
  version: typeof EVIDENCE_RECEIPT_VERSION;
  /** The fingerprint of the key that signs it, so a reader knows which published key to check against. */
  platformKey: string;
  /** The report the file was sent with; null while the file is uploaded and not yet sent. */
  report: string | null;
  file: string;
  /** Who added it: `reporter` (a lawyer's files come later). */
  addedBy: 'reporter' | 'lawyer';
  /** The hour the last segment was received (ISO 8601, UTC, a whole hour). */
  receivedAt: string;
  segments: EvidenceReceiptSegment[];
  /** The stored segments concatenated in order: what `cat segment-0 segment-1 …` gives. */
  ciphertext: { bytes: number; sha256: string };
}

/**
 * Canonical JSON: object keys sorted by code unit, no white space, strings
 * as JSON.stringify writes them. The same value always gives the same bytes,
 * so a signature over them can be checked against a receipt rebuilt from its fields.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}

const encoder = new TextEncoder();

/**
 * The platform signing key: OpenPGP.js's default v4 curve25519 key (gpg 2.2
 * reads it), made by the server, unprotected (the server signs unattended;
 * its file is mode 0600), its creation time cut to the hour.
 */
export async function generatePlatformKey({ now = new Date() }: { now?: Date } = {}) {
  const { privateKey, publicKey } = await generateKey({
    ...KEY_TYPE,
    userIDs: [{ name: PLATFORM_KEY_USER_ID }],
    format: 'armored',
    config: GPG_COMPATIBLE,
    date: reporterKeyDate(now),
  });
  const key = await readKey({ armoredKey: publicKey });
  return {
    armoredPrivateKey: privateKey,
    armoredPublicKey: publicKey,
    fingerprint: key.getFingerprint() as Fingerprint,
  };
}

export interface PlatformSigner {
  fingerprint: Fingerprint;
  armoredPublicKey: string;
  /** Signs the canonical JSON of `receipt`; the signature time is the hour of `now`. */
  signReceipt(options: {
    receipt: EvidenceReceipt;
    now: Date;
  }): Promise<{ receiptText: string; armoredSignature: string }>;
}

/** Reads the platform's private key once and signs with it (server side). */
export async function platformSigner({ armoredPrivateKey }: { armoredPrivateKey: string }): Promise<PlatformSigner> {
  let key: PrivateKey;
  try {
    key = await readPrivateKey({ armoredKey: armoredPrivateKey });
  } catch {
    throw new CryptoError('invalid_key', 'The platform signing key file holds no OpenPGP private key.');
  }
  if (!key.isDecrypted()) throw new CryptoError('invalid_key', 'The platform signing key must not be protected.');
  return {
    fingerprint: key.getFingerprint() as Fingerprint,
    armoredPublicKey: key.toPublic().armor(),
    async signReceipt({ receipt, now }) {
      const receiptText = canonicalJson(receipt);
      const message = await createMessage({ binary: encoder.encode(receiptText) });
      const armoredSignature = await sign({
        message,
        signingKeys: key,
        detached: true,
        format: 'armored',
        // The hour only, as every time the platform writes about a reporter's doing (DESIGN.md).
        date: reporterKeyDate(now),
        config: GPG_COMPATIBLE,
      });
      return { receiptText, armoredSignature };
    },
  };
}

export type ReceiptProblem = 'platform_key_mismatch' | 'bad_signature' | 'not_a_receipt';

/** The outcome of checking a receipt: data, never an exception (STYLE.md crypto/7). */
export type OpenedReceipt =
  | { verified: true; receipt: EvidenceReceipt; signedAt: string; fingerprint: Fingerprint }
  | { verified: false; problem: ReceiptProblem; receipt: EvidenceReceipt | null };

function parseReceipt(receiptText: string): EvidenceReceipt | null {
  try {
    const parsed = JSON.parse(receiptText) as Partial<EvidenceReceipt> | null;
    if (parsed?.type !== EVIDENCE_RECEIPT_TYPE || parsed.version !== EVIDENCE_RECEIPT_VERSION) return null;
    // Only the exact canonical bytes are a receipt: anything else was rewritten after signing.
    return canonicalJson(parsed) === receiptText ? (parsed as EvidenceReceipt) : null;
  } catch {
    return null;
  }
}

/**
 * Checks a receipt: the served platform key must have the pinned (published)
 * fingerprint, and the detached signature must be that key's, over exactly
 * these bytes.
 */
export async function openEvidenceReceipt({
  receiptText,
  armoredSignature,
  armoredPlatformKey,
  platformFingerprint,
}: {
  receiptText: string;
  armoredSignature: string;
  armoredPlatformKey: string;
  platformFingerprint: string;
}): Promise<OpenedReceipt> {
  const receipt = parseReceipt(receiptText);
  let key;
  try {
    key = await readKey({ armoredKey: armoredPlatformKey });
  } catch {
    return { verified: false, problem: 'platform_key_mismatch', receipt };
  }
  const fingerprint = key.getFingerprint() as Fingerprint;
  if (fingerprint !== parseFingerprint(platformFingerprint)) {
    return { verified: false, problem: 'platform_key_mismatch', receipt };
  }
  try {
    const signature = await readSignature({ armoredSignature });
    const message = await createMessage({ binary: encoder.encode(receiptText) });
    const { signatures } = await verify({ message, signature, verificationKeys: key, expectSigned: true });
    const [first] = signatures;
    if (!first) return { verified: false, problem: 'bad_signature', receipt };
    await first.verified;
    const packet = await first.signature;
    const created = packet.packets[0]?.created;
    if (!receipt) return { verified: false, problem: 'not_a_receipt', receipt };
    return { verified: true, receipt, signedAt: created ? created.toISOString() : '', fingerprint };
  } catch {
    return { verified: false, problem: 'bad_signature', receipt };
  }
}
