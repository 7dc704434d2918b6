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
 * The reporter key's profile on top of GPG_COMPATIBLE.
 * - `s2kIterationCountByte: 0`: the smallest iterated-and-salted S2K (1 024
 *   octets hashed). Its passphrase is a 256-bit HKDF output, not something a
 *   person chose, so stretching it adds nothing; the default (count byte 224,
 *   16.7 M octets) cost most of the time a browser spends sealing a report.
 *   GnuPG 2.2 reads it (tested in tests/interop).
 * - no salt notation: OpenPGP.js otherwise adds a `salt@notations.openpgpjs.org`
 *   notation to each signature against fault attacks on repeated signing; the
 *   reporter key makes its two signatures once, at creation, so the server
 *   can refuse every notation (a notation can carry any text).
 */
export const REPORTER_KEY_CONFIG: PartialConfig = {
  ...GPG_COMPATIBLE,
  s2kIterationCountByte: 0,
  nonDeterministicSignaturesViaNotation: false,
};

/**
 * The reviewer key's profile: gpg-readable, with OpenPGP.js's default S2K
 * (the passphrase is one a person chose, so it is stretched), and no salt
 * notation on its signatures or on the agency's certification of it, so the
 * server's strict reader can refuse every notation (a notation can carry any
 * text). The notation guards against fault attacks on repeated signing; these
 * keys sign only at creation and at certification.
 */
export const REVIEWER_KEY_CONFIG: PartialConfig = {
  ...GPG_COMPATIBLE,
  nonDeterministicSignaturesViaNotation: false,
};

/**
 * The one user ID of every reviewer key. Reviewer keys are served to every
 * reporter's browser, so the user ID names no one; the server keeps which
 * reviewer a key belongs to.
 */
export const REVIEWER_USER_ID = 'Whistle412 reviewer';

/** The one user ID of every reporter key: a user ID is plaintext, so it never says anything about the reporter. */
export const REPORTER_USER_ID = 'Whistle412 reporter';

const HOUR_MS = 3_600_000;

/**
 * The time written into a reporter key (creation and self-signatures): the
 * device's clock cut to the UTC hour, so the key does not date the
 * submission more finely than the server's own records do.
 */
export const reporterKeyDate = (now: Date = new Date()): Date =>
  new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);

/**
 * The date in the literal-data packet inside every encrypted report: the
 * fixed epoch, which RFC 9580 §5.9 allows as "no specific time", so no
 * reviewer sees when the report was written.
 */
export const LITERAL_DATA_DATE = new Date(0);

/**
 * Messages that arrive from outside (a gpg user, say) may be compressed; this
 * caps what one report can inflate to in the reviewer's browser.
 */
export const MAX_DECOMPRESSED_REPORT_BYTES = 16 * 1024 * 1024;
