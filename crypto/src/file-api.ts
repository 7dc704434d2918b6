import type { PrivateKey, PublicKey } from 'openpgp';

import { CryptoError } from './errors';
import { PlaintextSource, type BlobLike } from './file-source';
import { RefMap } from './refs';
import { release } from './release';
import { withTransfer } from './serve-api';
import { decryptSegment, encryptSegment } from './segments';

/** A server's answer to one segment's upload, as plain data (it crosses the worker boundary). */
export type SendAnswer =
  | { ok: true; received: number }
  | {
      ok: false;
      /** 0 when the server could not be reached (or the send was stopped). */
      status: number;
      code: string;
      message: string;
      /** Seconds, from Retry-After. */
      retryAfter: number | null;
    };

/**
 * How an encrypted segment leaves the crypto worker: the page supplies it
 * (frontend/src/files/segment-io.ts); crypto/ does no I/O of its own. The
 * segment's buffer is moved, never copied, out of this worker. Why not the
 * page's fetch: Chromium keeps an upload's body until the heap that made the
 * request collects its garbage, which a heap that frees its own buffers
 * (release.ts) almost never does; the page supplies a sender that it ends
 * every few segments instead (docs/benchmarks.md, "files").
 */
export interface SegmentIo {
  send(
    upload: { id: string; uploadToken: string },
    index: number,
    encryptedSegment: Uint8Array<ArrayBuffer>,
    signal: AbortSignal,
  ): Promise<SendAnswer>;
}

/** An encrypted segment kept here between prepareFileSegment and sendFileSegment. */
interface HeldSegment {
  bytes: Uint8Array<ArrayBuffer>;
  fileRef: string;
  abort: AbortController;
}

/**
 * The crypto endpoint's verbs for evidence files: open a file and encrypt it
 * segment by segment, decrypt a stored segment. Every megabyte buffer is
 * freed (release.ts) or moved across the worker boundary as soon as it has
 * been used, so the worker's memory does not wait for its garbage collector.
 */
export function createFileApi({
  recipientKeys,
  decryptionKey,
  io,
}: {
  recipientKeys(ref: string): PublicKey[];
  decryptionKey(ref: string): PrivateKey;
  io?: SegmentIo | undefined;
}) {
  const files = new RefMap<{ source: PlaintextSource; held: Set<string> }>('file');
  const held = new RefMap<HeldSegment>('segment');

  /** Forgets a held segment: stops its upload if one is running, frees its bytes. */
  const drop = (segmentRef: string) => {
    const segment = held.find(segmentRef);
    if (!segment) return;
    held.delete(segmentRef);
    segment.abort.abort();
    files.find(segment.fileRef)?.held.delete(segmentRef);
    release(segment.bytes);
  };

  const encrypt = async (fileRef: string, recipientsRef: string, index: number) => {
    const plaintext = await files.get(fileRef).source.segment(index);
    const encryptedSegment = (await encryptSegment({
      plaintext,
      recipientKeys: recipientKeys(recipientsRef),
    })) as Uint8Array<ArrayBuffer>;
    const plaintextBytes = plaintext.length;
    release(plaintext);
    return { encryptedSegment, plaintextBytes };
  };

  return {
    /**
     * Opens an evidence file for encryption: a File (cloned across the worker
     * boundary as a handle, not its bytes), read here segment by segment. A
     * photo's metadata is removed unless `removeMetadata` is false.
     */
    async openFile({ file, removeMetadata }: { file: BlobLike; removeMetadata: boolean }) {
      const source = await PlaintextSource.open(file, { removeMetadata });
      return {
        fileRef: files.add({ source, held: new Set() }),
        size: source.size,
        segments: source.segments,
        photoFormat: source.photoFormat,
        metadata: source.metadata,
      };
    },

    /** Segment `index` of an open file as a binary OpenPGP message to the recipient set (moved to the caller). */
    async encryptFileSegment({
      fileRef,
      recipientsRef,
      index,
    }: {
      fileRef: string;
      recipientsRef: string;
      index: number;
    }) {
      return encrypt(fileRef, recipientsRef, index);
    },

    /** As encryptFileSegment, but the ciphertext stays here, for sendFileSegment. */
    async prepareFileSegment({
      fileRef,
      recipientsRef,
      index,
    }: {
      fileRef: string;
      recipientsRef: string;
      index: number;
    }) {
      const { encryptedSegment, plaintextBytes } = await encrypt(fileRef, recipientsRef, index);
      const file = files.find(fileRef);
      if (!file) {
        release(encryptedSegment);
        throw new CryptoError('unknown_ref', 'This file was closed while it was being encrypted.');
      }
      const segmentRef = held.add({ bytes: encryptedSegment, fileRef, abort: new AbortController() });
      file.held.add(segmentRef);
      return { segmentRef, plaintextBytes, encryptedBytes: encryptedSegment.length };
    },

    /** Uploads a prepared segment; it is freed whatever the answer (a retry encrypts it again). */
    async sendFileSegment({
      segmentRef,
      upload,
      index,
    }: {
      segmentRef: string;
      upload: { id: string; uploadToken: string };
      index: number;
    }): Promise<SendAnswer> {
      if (!io) throw new CryptoError('unknown_ref', 'This crypto endpoint sends nothing (it was given no I/O).');
      const segment = held.get(segmentRef);
      try {
        return await io.send(upload, index, segment.bytes, segment.abort.signal);
      } finally {
        drop(segmentRef);
      }
    },

    /** Stops a prepared segment's upload, or forgets one not sent. */
    async dropFileSegment({ segmentRef }: { segmentRef: string }) {
      drop(segmentRef);
    },

    /** Forgets an open file and whatever of it is still held here. */
    async closeFile({ fileRef }: { fileRef: string }) {
      for (const segmentRef of files.find(fileRef)?.held ?? []) drop(segmentRef);
      files.delete(fileRef);
    },

    /**
     * One stored segment decrypted with an unlocked key (the console saves a
     * file segment by segment). With `moved`, the caller moved the segment's
     * buffer here (withTransfer) and it is freed once decrypted. The
     * plaintext's whole buffer moves to the caller: OpenPGP.js returns a view
     * a few bytes into it, and nothing here keeps it.
     */
    async decryptFileSegment({
      encryptedSegment,
      keyRef,
      moved = false,
    }: {
      encryptedSegment: Uint8Array;
      keyRef: string;
      moved?: boolean;
    }) {
      let plaintext: Uint8Array;
      try {
        plaintext = await decryptSegment({ encryptedSegment, decryptionKey: decryptionKey(keyRef) });
      } finally {
        if (moved) release(encryptedSegment, { wholeBuffer: true });
      }
      return withTransfer({ plaintext: plaintext as Uint8Array<ArrayBuffer> }, [plaintext.buffer]);
    },
  };
}

export type FileApi = ReturnType<typeof createFileApi>;
