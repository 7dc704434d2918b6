import { readCleartextMessage, readKey, verify, type Key, type KeyID, type PublicKey, type Signature } from 'openpgp';

import { CryptoError } from './errors';
import { toHex } from './encoding';
import { asKeyId } from './fingerprint';
import type { Fingerprint, KeyId } from './types';

/**
 * What a signature inside a report says, as data (never an exception): gpg
 * users may sign what they encrypt (`gpg --sign --encrypt`, or a clearsigned
 * text encrypted afterwards). The console shows each one plainly.
 * - `verified`: it verifies with a key the console holds; `fingerprint` is that
 *   key's primary fingerprint, `userIds` what the key says about its owner
 *   (self-stated, not checked by anyone).
 * - `unknown_key`: no key the console holds made it; `keyId` (and, when the
 *   signature carries one, the signing key's `fingerprint`) say which key to ask for.
 * - `invalid`: a key the console holds is named, but the signature does not
 *   verify (changed after signing, damaged, or the key was expired or revoked).
 */
export type SignatureCheck =
  | { status: 'verified'; keyId: KeyId; fingerprint: Fingerprint; userIds: string[] }
  | { status: 'unknown_key'; keyId: KeyId; fingerprint: Fingerprint | null }
  | { status: 'invalid'; keyId: KeyId; fingerprint: Fingerprint; userIds: string[] };

/** What OpenPGP.js hands back for each signature of a message it read. */
interface VerificationResult {
  keyID: KeyID;
  verified: Promise<true>;
  signature: Promise<Signature>;
}

/** A pasted signer key is a few KB; this only bounds what the key reader walks. */
export const MAX_ARMORED_SIGNER_KEY_CHARS = 64 * 1024;

const CLEARTEXT_HEADER = '-----BEGIN PGP SIGNED MESSAGE-----';
const SIGNATURE_FOOTER = '-----END PGP SIGNATURE-----';
/** The signature block with no armor headers (gpg writes none): a `Comment:` there would not be shown. */
const BARE_SIGNATURE_BLOCK = /\n-----BEGIN PGP SIGNATURE-----\r?\n\r?\n/;

/** The fingerprint a v4 signature names in its Issuer Fingerprint subpacket (gpg 2.2 writes one), if any. */
async function issuerFingerprint(result: VerificationResult): Promise<Fingerprint | null> {
  try {
    const packet = (await result.signature).packets[0];
    const bytes = packet?.issuerFingerprint;
    return bytes instanceof Uint8Array && bytes.length === 20 ? (toHex(bytes) as Fingerprint) : null;
  } catch {
    return null;
  }
}

async function checkOne(result: VerificationResult, keys: readonly Key[]): Promise<SignatureCheck> {
  const keyId = asKeyId(result.keyID.toHex());
  const signer = keys.find((key) => key.getKeys(result.keyID).length > 0);
  if (!signer) return { status: 'unknown_key', keyId, fingerprint: await issuerFingerprint(result) };
  const known = { keyId, fingerprint: signer.getFingerprint() as Fingerprint, userIds: signer.getUserIDs() };
  try {
    await result.verified;
    return { status: 'verified', ...known };
  } catch {
    return { status: 'invalid', ...known };
  }
}

/** Every signature's outcome, in the order they appear. */
export function checkSignatures(results: VerificationResult[], keys: readonly Key[]): Promise<SignatureCheck[]> {
  return Promise.all(results.map((result) => checkOne(result, keys)));
}

/**
 * A decrypted text that is itself clearsigned (`gpg --clearsign`, then
 * encrypted): the signed text and its signatures' outcomes; null when the
 * text is not clearsigned, or not readably so (it is then shown as it is).
 * Text after the signature, or in armor headers of the signature block, would
 * be dropped by the reader, so a text with any is shown whole instead:
 * nothing the sender wrote is hidden.
 */
export async function openClearsigned(
  text: string,
  keys: readonly Key[],
): Promise<{ text: string; signatures: SignatureCheck[] } | null> {
  if (!text.trimStart().startsWith(CLEARTEXT_HEADER)) return null;
  const end = text.lastIndexOf(SIGNATURE_FOOTER);
  if (end < 0 || text.slice(end + SIGNATURE_FOOTER.length).trim() !== '') return null;
  if (!BARE_SIGNATURE_BLOCK.test(text)) return null;
  try {
    const message = await readCleartextMessage({ cleartextMessage: text });
    const verificationKeys = keys.map((key) => key.toPublic());
    const { signatures } = await verify({ message, verificationKeys, format: 'utf8', expectSigned: false });
    return { text: message.getText(), signatures: await checkSignatures(signatures, keys) };
  } catch {
    return null;
  }
}

/**
 * Reads a public key a reviewer pasted to check a signature with. A private
 * key is refused (it was pasted by mistake, and a signer's is not ours to hold).
 */
export async function readSignerKey(armoredPublicKey: string): Promise<PublicKey> {
  if (armoredPublicKey.length > MAX_ARMORED_SIGNER_KEY_CHARS) {
    throw new CryptoError('invalid_key', 'This public key is too large.');
  }
  let key: Key;
  try {
    key = await readKey({ armoredKey: armoredPublicKey });
  } catch {
    throw new CryptoError('invalid_key', 'This is not an OpenPGP public key.');
  }
  if (key.isPrivate()) throw new CryptoError('invalid_key', 'This is a private key; paste the public key only.');
  return key as PublicKey;
}
