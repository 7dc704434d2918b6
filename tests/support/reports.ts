import { createMessage, encrypt, readKey, unarmor } from 'openpgp';

import { createCryptoApi, generateAgencyKey, type SealedReport } from '../../backend/src/crypto';
import type { TestPlatform } from './platform';

/** What the reporter's browser sends, made by the same code its crypto worker runs. */
export async function sealForPlatform(
  platform: TestPlatform,
  report: unknown = { whatHappened: 'test', agency: 'police' },
) {
  return createCryptoApi().sealReport({
    report,
    armoredAgencyKey: platform.agency.armoredPublicKey,
    pinnedAgencyFingerprint: platform.agency.fingerprint,
  });
}

/** A well-formed submission around any armored message, for the tests of what the server refuses. */
export async function submissionWith(platform: TestPlatform, armoredReport: string): Promise<SealedReport> {
  const { submission } = await sealForPlatform(platform);
  return { ...submission, armoredReport };
}

/** Encrypts with OpenPGP.js directly, as a client other than the product would. */
export async function encryptToKeys(plaintext: string | Uint8Array, armoredKeys: string[]): Promise<string> {
  const encryptionKeys = await Promise.all(armoredKeys.map((armoredKey) => readKey({ armoredKey })));
  const message = await (typeof plaintext === 'string'
    ? createMessage({ text: plaintext })
    : createMessage({ binary: plaintext }));
  return encrypt({ message, encryptionKeys });
}

export async function strangerKey(): Promise<string> {
  return (await generateAgencyKey({ agencyName: 'Stranger', passphrase: 'stranger passphrase' })).armoredPublicKey;
}

/** The packets of an armored message, to compare messages whatever their armor (the server re-armors what it stores). */
export async function packetsOf(armoredMessage: string): Promise<string> {
  const { data } = await unarmor(armoredMessage);
  return Buffer.from(data as Uint8Array).toString('hex');
}
