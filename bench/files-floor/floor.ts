/**
 * The floors for `npm run bench -- files`, on a bare page from the same
 * server (same CSP, same OpenPGP.js build as the product's worker), in the
 * page's main thread with nothing else going on:
 * - encrypt: read each 4 MiB slice of the chosen file and encrypt it in
 *   buffer mode to the agency key, as the product's segments are;
 * - decrypt: fetch each stored segment of a file and decrypt it in buffer mode.
 */
import { createMessage, decrypt, decryptKey, encrypt, readKey, readMessage, readPrivateKey } from 'openpgp';

import { GPG_COMPATIBLE } from '../../crypto/src/profile';
import { SEGMENT_BYTES } from '../../crypto/src/segment-layout';

interface FloorPage {
  encryptFloor(): Promise<number>;
  decryptFloor(options: {
    token: string;
    id: string;
    segments: number;
    armoredPrivateKey: string;
    passphrase: string;
  }): Promise<number>;
  document: {
    getElementById(id: string): { textContent: string; files?: ArrayLike<Blob> } | null;
  };
}
const page = globalThis as unknown as FloorPage;

void (async () => {
  const keys = (await (await fetch('/api/v1/recipient-keys')).json()) as { agencyKey: { armoredPublicKey: string } };
  const agencyKey = await readKey({ armoredKey: keys.agencyKey.armoredPublicKey });

  page.encryptFloor = async () => {
    const file = page.document.getElementById('file')!.files![0]!;
    const start = performance.now();
    for (let at = 0; at < file.size || at === 0; at += SEGMENT_BYTES) {
      const plaintext = new Uint8Array(await file.slice(at, at + SEGMENT_BYTES).arrayBuffer());
      const message = await createMessage({ binary: plaintext, format: 'binary', date: new Date(0) });
      await encrypt({ message, encryptionKeys: [agencyKey], format: 'binary', config: GPG_COMPATIBLE });
      if (file.size === 0) break;
    }
    return performance.now() - start;
  };

  page.decryptFloor = async ({ token, id, segments, armoredPrivateKey, passphrase }) => {
    const key = await decryptKey({ privateKey: await readPrivateKey({ armoredKey: armoredPrivateKey }), passphrase });
    const start = performance.now();
    for (let index = 0; index < segments; index++) {
      const response = await fetch(`/api/v1/attachments/${id}/segments/${index}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const binaryMessage = new Uint8Array(await response.arrayBuffer());
      await decrypt({ message: await readMessage({ binaryMessage }), decryptionKeys: key, format: 'binary' });
    }
    return performance.now() - start;
  };

  page.document.getElementById('state')!.textContent = 'ready';
})();

/** Diagnostics: the product's crypto and hash workers driven directly from this page, timed per call. */
import { remoteApi, workerEndpoint } from '../../crypto/src/proxy';
import type { CryptoApi } from '../../crypto/src/api';
import type { HashApi } from '../../crypto/src/file-hash';

/**
 * `hash`: none (the crypto worker alone), beside (the hash worker hashing the
 * file while the crypto worker encrypts it, as the page does), or after (the
 * hash starts once the encryption is done). Times from the start to the
 * encryption's end (`total`) and to the SHA-256 being known (`hash`).
 */
(globalThis as unknown as { workerProbe: unknown }).workerProbe = async ({
  hash,
}: {
  hash: 'none' | 'beside' | 'after';
}) => {
  const crypto = remoteApi<CryptoApi>(
    workerEndpoint(new Worker(new URL('../../crypto/src/worker.ts', import.meta.url), { type: 'module' })),
  );
  const hasher = remoteApi<HashApi>(
    workerEndpoint(new Worker(new URL('../../crypto/src/hash-worker.ts', import.meta.url), { type: 'module' })),
  );
  const keys = (await (await fetch('/api/v1/recipient-keys')).json()) as { agencyKey: { armoredPublicKey: string } };
  const config = (await (await fetch('/api/v1/config')).json()) as { agencyFingerprint: string };
  const file = page.document.getElementById('file')!.files![0]!;
  const { recipientsRef } = await crypto.prepareRecipients({
    armoredAgencyKey: keys.agencyKey.armoredPublicKey,
    pinnedAgencyFingerprint: config.agencyFingerprint,
  });
  const times: number[] = [];
  const start = performance.now();
  const hashFile = async () => {
    const { hashRef } = await hasher.startFileHash({ file, removeMetadata: false });
    while (!(await hasher.hashFilePiece({ hashRef })).done);
    await hasher.finishHash({ hashRef });
    return performance.now() - start;
  };
  const hashing = hash === 'beside' ? hashFile() : Promise.resolve(0);
  const opened = await crypto.openFile({ file, removeMetadata: false });
  for (let index = 0; index < opened.segments; index++) {
    const t = performance.now();
    await crypto.encryptFileSegment({ fileRef: opened.fileRef, recipientsRef, index });
    times.push(Math.round(performance.now() - t));
  }
  const total = performance.now() - start;
  return { total, times, hash: hash === 'after' ? await hashFile() : await hashing };
};
