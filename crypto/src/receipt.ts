import { CryptoError } from './errors';
import { CROCKFORD_ALPHABET, randomBytes, toBase64Url, toCrockfordBase32, toHex, utf8 } from './encoding';
import type { Receipt } from './types';

/** 10 random bytes: 80 bits, written as 16 base32 characters. */
const RECEIPT_BYTES = 10;
const RECEIPT_LENGTH = 16;
const DERIVATION_SALT = 'whistle412/receipt/v1';

/** A new receipt from the platform's CSPRNG, grouped in fours for reading: `7KQ2-M9XD-…`. */
export function newReceipt(): Receipt {
  return formatReceipt(toCrockfordBase32(randomBytes(RECEIPT_BYTES)));
}

const formatReceipt = (compact: string) => compact.replace(/(.{4})(?=.)/g, '$1-') as Receipt;

/**
 * Reads a receipt as a person may retype it: any case, spaces or dashes, and
 * the letters Crockford's alphabet maps to digits (O→0, I and L→1).
 */
export function parseReceipt(text: string): Receipt {
  const compact = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const valid = compact.length === RECEIPT_LENGTH && [...compact].every((c) => CROCKFORD_ALPHABET.includes(c));
  if (!valid) throw new CryptoError('invalid_receipt', 'A receipt has 16 letters and digits.');
  return formatReceipt(compact);
}

export interface ReceiptSecrets {
  /** Sent to the server, which stores only its SHA-256, to find the report again. */
  receiptLookup: string;
  /** Protects the reporter's private key; never leaves the browser. */
  reporterKeyPassphrase: string;
}

/**
 * A lookup value and a key passphrase from one code (a receipt, or a
 * lawyer's access code: same format and strength), by HKDF-SHA-256 with the
 * code's own salt and distinct `info` labels, so the two are independent.
 */
export async function deriveCodeSecrets(
  code: string,
  salt: string,
  passphraseInfo: string,
): Promise<{ lookup: string; passphrase: string }> {
  const canonical = parseReceipt(code).replace(/-/g, '');
  const subtle = globalThis.crypto.subtle;
  const ikm = await subtle.importKey('raw', utf8(canonical), 'HKDF', false, ['deriveBits']);
  const derive = async (info: string) =>
    new Uint8Array(
      await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: utf8(salt), info: utf8(info) }, ikm, 256),
    );
  return { lookup: toHex(await derive('lookup')), passphrase: toBase64Url(await derive(passphraseInfo)) };
}

/** Two independent values from one receipt (HKDF-SHA-256, distinct `info` labels). */
export async function deriveReceiptSecrets(receipt: string): Promise<ReceiptSecrets> {
  const { lookup, passphrase } = await deriveCodeSecrets(receipt, DERIVATION_SALT, 'reporter-key-passphrase');
  return { receiptLookup: lookup, reporterKeyPassphrase: passphrase };
}
