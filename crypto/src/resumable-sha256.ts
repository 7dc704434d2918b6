import { sha256 } from '@noble/hashes/sha2';

import { toHex } from './encoding';

/**
 * A SHA-256 whose state can be saved between requests and resumed in another
 * (or another server instance): the hash of an evidence file's whole
 * ciphertext grows one uploaded segment at a time, so the receipt needs no
 * second read of the file when the upload completes (reading 2 GiB back
 * from the embedded engine takes about a minute).
 *
 * Node's hashes cannot be saved, so this uses @noble/hashes (already the
 * browser's file hash) and reads its state through its `HashMD` fields,
 * which its type declarations mark protected: the eight state words, the
 * bytes waiting for a full block, and the length so far. Those are the
 * standard SHA-256 intermediate state (FIPS 180-4 §6.2), not a format of our
 * own; tests/unit/crypto/resumable-sha256.test.ts checks the result against
 * node:crypto at every split point, and fails if an upgrade moves the fields.
 */
interface Md {
  get(): number[];
  set(...words: number[]): void;
  buffer: Uint8Array;
  pos: number;
  length: number;
}

const STATE = /^v1:((?:[0-9a-f]{8}){8}):(\d{1,16}):((?:[0-9a-f]{2}){0,63})$/;

export interface ResumableSha256 {
  update(bytes: Uint8Array): ResumableSha256;
  /** The state to store: `v1:<8 words>:<bytes so far>:<pending bytes>`, under 250 characters. */
  save(): string;
  /** The digest of everything so far, lowercase hex (the state is then spent). */
  hexDigest(): string;
}

/** A new hash, or one resumed from a saved state; a damaged state throws. */
export function resumeSha256(saved: string | null = null): ResumableSha256 {
  const hash = sha256.create();
  const md = hash as unknown as Md;
  if (saved !== null) {
    const match = STATE.exec(saved);
    if (!match) throw new TypeError('not a saved SHA-256 state');
    const words = match[1]!.match(/.{8}/g)!.map((w) => parseInt(w, 16));
    const pending = Uint8Array.from(match[3]!.match(/../g) ?? [], (b) => parseInt(b, 16));
    const length = Number(match[2]);
    if (length % 64 !== pending.length) throw new TypeError('a saved SHA-256 state that does not add up');
    md.set(...words);
    md.buffer.set(pending);
    md.pos = pending.length;
    md.length = length;
  }
  const api: ResumableSha256 = {
    update(bytes) {
      hash.update(bytes);
      return api;
    },
    save() {
      const words = md
        .get()
        .map((w) => (w >>> 0).toString(16).padStart(8, '0'))
        .join('');
      return `v1:${words}:${md.length}:${toHex(md.buffer.subarray(0, md.pos))}`;
    },
    hexDigest: () => toHex(hash.digest()),
  };
  return api;
}
