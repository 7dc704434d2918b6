/**
 * Bench only: encrypts the file's first `segments` segments as the product's
 * crypto worker does (read a slice, encrypt, free the plaintext, move the
 * ciphertext out: here freed), by variant:
 * - binary: format 'binary' (main);
 * - object: format 'object', the WebCrypto CFB output freed after serializing;
 * - binary+nudgeK / object+nudgeK: then K × 64 KiB of short-lived arrays (a scavenge);
 * - restartN: encrypted (binary) in a sub-worker ended after every N segments;
 * - onebuffer: the bench-only SEIPDv1 writer (encrypt-one.ts), one cleartext buffer, both freed.
 * Each variant's first segment is decrypted with OpenPGP.js and checked against the file.
 */
import { decrypt, readKey, readMessage, readPrivateKey, type PublicKey } from 'openpgp';

import { release } from '../../crypto/src/release';
import { SEGMENT_BYTES } from '../../crypto/src/segment-layout';
import { encryptBinary, encryptObject, encryptOneBuffer, nudge } from './encrypt-one';

interface Order {
  variant: string;
  segments: number;
  file: Blob;
  armoredKey: string;
  armoredPrivateKey: string;
}

const sha256 = async (bytes: Uint8Array) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))).join(',');

let sub: Worker | null = null;
let subUses = 0;
function inSubWorker(plaintext: Uint8Array<ArrayBuffer>, armoredKey: string, every: number): Promise<Uint8Array> {
  sub ??= new Worker(new URL('./segmem-sub.ts', import.meta.url), { type: 'module', name: 'segmem-sub' });
  const worker = sub;
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<ArrayBuffer>) => {
      if (++subUses % every === 0) {
        worker.terminate();
        sub = null;
      }
      resolve(new Uint8Array(data));
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage({ plaintext: plaintext.buffer, armoredKey }, [plaintext.buffer]);
  });
}

onmessage = async ({ data: { variant, segments, file, armoredKey, armoredPrivateKey } }: MessageEvent<Order>) => {
  try {
    const keys: PublicKey[] = [await readKey({ armoredKey })];
    const nudgeCount = Number(/nudge(\d+)/.exec(variant)?.[1] ?? 0);
    const restart = Number(/restart(\d+)/.exec(variant)?.[1] ?? 0);
    const times: number[] = [];
    let checked = 0;
    const start = performance.now();
    for (let index = 0; index < segments; index++) {
      const t = performance.now();
      const plaintext = new Uint8Array(
        await file.slice(index * SEGMENT_BYTES, (index + 1) * SEGMENT_BYTES).arrayBuffer(),
      );
      let encrypted: Uint8Array;
      if (restart) encrypted = await inSubWorker(plaintext, armoredKey, restart);
      else {
        const how = variant.startsWith('onebuffer')
          ? encryptOneBuffer
          : variant.startsWith('object')
            ? encryptObject
            : encryptBinary;
        const checking = index === 0 ? performance.now() : 0;
        const expected = index === 0 ? await sha256(plaintext) : '';
        checked += index === 0 ? performance.now() - checking : 0;
        encrypted = await how(plaintext, keys);
        release(plaintext);
        // The first segment of every variant must decrypt to the file's first 4 MiB. Left out of the times:
        // without a JIT the private key's X25519 alone takes seconds.
        if (index === 0) {
          const from = performance.now();
          const { data } = await decrypt({
            message: await readMessage({ binaryMessage: encrypted }),
            decryptionKeys: await readPrivateKey({ armoredKey: armoredPrivateKey }),
            format: 'binary',
          });
          if ((await sha256(data)) !== expected) throw new Error(`${variant}: the first segment does not decrypt`);
          checked += performance.now() - from;
        }
      }
      release(encrypted, { wholeBuffer: true });
      if (nudgeCount) nudge(nudgeCount);
      times.push(Math.round(performance.now() - t - (index === 0 ? checked : 0)));
    }
    sub?.terminate();
    sub = null;
    postMessage({ total: performance.now() - start - checked, times });
  } catch (error) {
    postMessage({ error: String(error) });
  }
};
