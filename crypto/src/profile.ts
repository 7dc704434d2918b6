import { enums, type PartialConfig } from 'openpgp';

/**
 * The one OpenPGP profile every message and key is made with. It is what GnuPG
 * 2.2 can read: v4 keys on the legacy curve25519 pair, SEIPDv1 (no AEAD), and
 * no compression (compressed plaintext lengths leak content, and a compressed
 * message from outside could be a decompression bomb).
 */
export const GPG_COMPATIBLE: PartialConfig = {
  v6Keys: false,
  aeadProtect: false,
  preferredCompressionAlgorithm: enums.compression.uncompressed,
  preferredSymmetricAlgorithm: enums.symmetric.aes256,
};

/** Key generation parameters that give gpg-readable v4 keys. */
export const KEY_TYPE = { type: 'ecc', curve: 'curve25519Legacy' } as const;

/**
 * Messages that arrive from outside (a gpg user, say) may be compressed; this
 * caps what one report can inflate to in the reviewer's browser.
 */
export const MAX_DECOMPRESSED_REPORT_BYTES = 16 * 1024 * 1024;
