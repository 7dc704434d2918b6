/** Bench only: encrypts segments for segmem-worker.ts until it is ended (the restartN variants). */
import { readKey, type PublicKey } from 'openpgp';

import { release } from '../../crypto/src/release';
import { encryptBinary } from './encrypt-one';

let keys: Promise<PublicKey[]> | null = null;
onmessage = async ({ data }: MessageEvent<{ plaintext: ArrayBuffer; armoredKey: string }>) => {
  keys ??= readKey({ armoredKey: data.armoredKey }).then((key) => [key]);
  const plaintext = new Uint8Array(data.plaintext);
  const encrypted = await encryptBinary(plaintext, await keys);
  release(plaintext);
  const out =
    encrypted.byteOffset === 0 && encrypted.byteLength === encrypted.buffer.byteLength ? encrypted : encrypted.slice();
  postMessage(out.buffer, { transfer: [out.buffer] });
};
