import { CryptoError } from './errors';
import { deriveCodeSecrets, newReceipt, parseReceipt } from './receipt';
import type { AccessCode } from './types';

/**
 * A lawyer's access code: drawn and written exactly as a receipt (80 bits,
 * 16 Crockford base32 characters in groups of four), derived with its own
 * salt, so a code and a receipt never share a lookup value or passphrase.
 */
const ACCESS_CODE_SALT = 'whistle412/access-code/v1';

export const newAccessCode = (): AccessCode => newReceipt() as unknown as AccessCode;

/** Reads a code as a person retypes it (the receipt's rules); a malformed one is refused before any request. */
export function parseAccessCode(text: string): AccessCode {
  try {
    return parseReceipt(text) as unknown as AccessCode;
  } catch {
    throw new CryptoError('invalid_access_code', 'An access code has 16 letters and digits.');
  }
}

export interface AccessCodeSecrets {
  /** Sent to the server, which stores only its SHA-256, to find the code again. */
  accessLookup: string;
  /** Protects the lawyer key's private half; never leaves the browser. */
  lawyerKeyPassphrase: string;
}

export async function deriveAccessCodeSecrets(code: string): Promise<AccessCodeSecrets> {
  const { lookup, passphrase } = await deriveCodeSecrets(
    parseAccessCode(code),
    ACCESS_CODE_SALT,
    'lawyer-key-passphrase',
  );
  return { accessLookup: lookup, lawyerKeyPassphrase: passphrase };
}
