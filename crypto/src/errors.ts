/**
 * Every failure the crypto layer reports on purpose carries a stable code, so
 * callers (and the worker boundary, which can only pass plain data) branch on
 * the code and never on message text.
 */
export type CryptoErrorCode =
  | 'agency_key_mismatch'
  | 'invalid_key'
  | 'invalid_armor'
  | 'armor_checksum_mismatch'
  | 'malformed_packets'
  | 'unsupported_format'
  | 'not_encrypted'
  | 'hidden_recipients'
  | 'too_many_recipients'
  | 'wrong_passphrase'
  | 'unknown_key_ref'
  | 'invalid_receipt'
  | 'invalid_access_code'
  | 'report_too_large'
  | 'invalid_challenge'
  | 'aborted'
  | 'segment_too_large'
  | 'file_too_large'
  | 'unreadable_photo'
  | 'unknown_ref'
  | 'undecryptable'
  | 'empty_note'
  | 'note_too_large';

export class CryptoError extends Error {
  override readonly name = 'CryptoError';
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isCryptoError(error: unknown): error is CryptoError {
  return error instanceof CryptoError;
}
