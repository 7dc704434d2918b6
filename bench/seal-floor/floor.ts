/**
 * The floor for `npm run bench -- seal`: the cryptographic work a report
 * cannot do without, on a bare page from the same server (same CSP, same
 * OpenPGP.js build as the worker): encrypt a padded envelope of the same size
 * to the agency key, and generate one reporter key protected with the least
 * S2K work OpenPGP allows (the receipt-derived passphrase is already 256 bits).
 */
import { createMessage, encrypt, generateKey, readKey } from 'openpgp';

import { GPG_COMPATIBLE, KEY_TYPE } from '../../crypto/src/profile';
import { sealEnvelope } from '../../crypto/src/report';

interface FloorPage {
  floor(report: unknown, options?: { stretch?: boolean }): Promise<number>;
  document: { getElementById(id: string): { textContent: string } | null };
}
const page = globalThis as unknown as FloorPage;

async function ready() {
  const keys = (await (await fetch('/api/v1/recipient-keys')).json()) as { agencyKey: { armoredPublicKey: string } };
  return readKey({ armoredKey: keys.agencyKey.armoredPublicKey });
}

void ready().then((agencyKey) => {
  // `stretch` protects the key with OpenPGP.js's default S2K count instead, as the product does today:
  // the difference is what the useless stretch costs.
  page.floor = async (report, { stretch = false } = {}) => {
    const start = performance.now();
    const message = await createMessage({ binary: sealEnvelope(report), format: 'binary' });
    await encrypt({ message, encryptionKeys: [agencyKey], format: 'armored', config: GPG_COMPATIBLE });
    const passphrase = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16)).join('');
    await generateKey({
      ...KEY_TYPE,
      userIDs: [{ name: 'Whistle412 reporter' }],
      passphrase,
      format: 'armored',
      config: stretch ? GPG_COMPATIBLE : { ...GPG_COMPATIBLE, s2kIterationCountByte: 0 },
    });
    return performance.now() - start;
  };
  page.document.getElementById('state')!.textContent = 'ready';
});
