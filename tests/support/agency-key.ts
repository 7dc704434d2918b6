import { decryptKey, readPrivateKey, type PrivateKey } from 'openpgp';

import { generateAgencyKey, type GeneratedKey } from '../../crypto/src/keys';

/** A suite's own agency key, and its private half unlocked: the reviewer's side of the file and segment tests. */
export async function unlockedAgencyKey(
  agencyName = 'Agency',
): Promise<{ agency: GeneratedKey; agencyKey: PrivateKey }> {
  const passphrase = 'agency passphrase for a unit suite';
  const agency = await generateAgencyKey({ agencyName, passphrase });
  const agencyKey = await decryptKey({
    privateKey: await readPrivateKey({ armoredKey: agency.armoredPrivateKey }),
    passphrase,
  });
  return { agency, agencyKey };
}
