import type { PrivateKey, PublicKey } from 'openpgp';

import { CryptoError } from './errors';
import { PlaintextSource, type BlobLike } from './file-source';
import { RefMap } from './refs';
import { release } from './release';
import { withTransfer } from './serve-api';
import { decryptSegment, encryptSegment, segmentDigest } from './segments';

/** An answer from the server that was not a success, as plain data (it crosses the worker boundary). */
export interface HttpFailure {
  ok: false;
  /** 0 when the server could not be reached. */
  status: number;
  code: string;
  message: string;
  /** Seconds, from Retry-After. */
  retryAfter: number | null;
}

export type SendAnswer = { ok: true; received: number } | HttpFailure;
export type FetchAnswer = { ok: true; encryptedSegment: Uint8Array<ArrayBuffer> } | HttpFailure;

/** Where decrypted bytes go: a file on disk or a streamed download. */
export interface ByteSink {
  write(bytes: Uint8Array<ArrayBuffer>): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * How segments enter and leave the crypto worker: uploads, downloads and the
 * file a reviewer saves to. The page supplies it (frontend/src/files/segment-io.ts)
 * and crypto/ does no I/O of its own. Why the worker does the I/O at all:
 * every per-segment buffer (plaintext, OpenPGP.js's copies, ciphertext, the
 * upload's Blob and request) then lives in this one JavaScript heap, which
 * OpenPGP.js's garbage makes collect every few segments; handed to the page,
 * they waited for the page's rare collections (docs/benchmarks.md, "files").
 */
export interface SegmentIo {
  send(
    upload: { id: string; uploadToken: string },
    index: number,
    encryptedSegment: Uint8Array<ArrayBuffer>,
    signal: AbortSignal,
  ): Promise<SendAnswer>;
  fetch(source: { attachmentId: string; index: number; sessionToken: string }, signal: AbortSignal): Promise<FetchAnswer>;
  openSink(target: unknown): Promise<ByteSink>;
}

interface OpenFile {
  source: PlaintextSource;
  /** Its segments encrypted and waiting to be sent. */
  waiting: Set<string>;
}

interface HeldSegment {
  bytes: Uint8Array<ArrayBuffer>;
  fileRef: string | null;
  abort: AbortController;
}

const noIo = (): never => {
  throw new CryptoError('unknown_ref', 'This crypto endpoint moves no segments (no I/O was given to it).');
};

/**
 * The crypto endpoint's verbs for evidence files: open a file and encrypt it
 * segment by segment, send and fetch segments, decrypt and save them.
 * Segments kept between calls are referred to by `segmentRef`; each is freed
 * (release.ts) as soon as it is sent, saved or dropped.
 */
export function createFileApi({
  recipientKeys,
  decryptionKey,
  io,
}: {
  recipientKeys(ref: string): PublicKey[];
  decryptionKey(ref: string): PrivateKey;
  io?: SegmentIo;
}) {
  const files = new RefMap<OpenFile>('file');
  const held = new RefMap<HeldSegment>('segment');
  const sinks = new RefMap<ByteSink>('sink');

  const drop = (segmentRef: string) => {
    const segment = held.find(segmentRef);
    if (!segment) return;
    held.delete(segmentRef);
    segment.abort.abort();
    release(segment.bytes);
    if (segment.fileRef) files.find(segment.fileRef)?.waiting.delete(segmentRef);
  };

  /** Encrypts one segment; its SHA-256 is computed beside the encryption (WebCrypto works off this thread). */
  const encrypt = async (fileRef: string, recipientsRef: string, index: number) => {
    const plaintext = await files.get(fileRef).source.segment(index);
    const [encryptedSegment, plaintextSha256] = await Promise.all([
      encryptSegment({ plaintext, recipientKeys: recipientKeys(recipientsRef) }),
      segmentDigest(plaintext),
    ]);
    const plaintextBytes = plaintext.length;
    release(plaintext);
    return { encryptedSegment: encryptedSegment as Uint8Array<ArrayBuffer>, plaintextBytes, plaintextSha256 };
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
        fileRef: files.add({ source, waiting: new Set() }),
        size: source.size,
        segments: source.segments,
        photoFormat: source.photoFormat,
        metadata: source.metadata,
      };
    },

    /** Segment `index` of an open file as a binary OpenPGP message to the recipient set, with its plaintext's SHA-256. */
    async encryptFileSegment({ fileRef, recipientsRef, index }: { fileRef: string; recipientsRef: string; index: number }) {
      return encrypt(fileRef, recipientsRef, index);
    },

    /** As encryptFileSegment, but the ciphertext stays here for sendFileSegment. */
    async prepareFileSegment({ fileRef, recipientsRef, index }: { fileRef: string; recipientsRef: string; index: number }) {
      const { encryptedSegment, plaintextBytes, plaintextSha256 } = await encrypt(fileRef, recipientsRef, index);
      const file = files.find(fileRef);
      if (!file) {
        release(encryptedSegment);
        throw new CryptoError('unknown_ref', 'This file was closed while it was being encrypted.');
      }
      const segmentRef = held.add({ bytes: encryptedSegment, fileRef, abort: new AbortController() });
      file.waiting.add(segmentRef);
      return { segmentRef, plaintextBytes, plaintextSha256, encryptedBytes: encryptedSegment.length };
    },

    /** The SHA-256 of segment `index`'s plaintext alone (for a segment whose digest was not kept). */
    async digestFileSegment({ fileRef, index }: { fileRef: string; index: number }) {
      const plaintext = await files.get(fileRef).source.segment(index);
      const plaintextSha256 = await segmentDigest(plaintext);
      release(plaintext);
      return { plaintextSha256 };
    },

    /** Uploads a prepared segment; it is freed whatever the answer (a retry encrypts again). */
    async sendFileSegment({
      segmentRef,
      upload,
      index,
    }: {
      segmentRef: string;
      upload: { id: string; uploadToken: string };
      index: number;
    }): Promise<SendAnswer> {
      const segment = held.get(segmentRef);
      try {
        return await (io ?? noIo()).send(upload, index, segment.bytes, segment.abort.signal);
      } finally {
        drop(segmentRef);
      }
    },

    /** Stops a segment's upload, or forgets one not sent. */
    async dropFileSegment({ segmentRef }: { segmentRef: string }) {
      drop(segmentRef);
    },

    /** Forgets an open file and whatever of it waits to be sent. */
    async closeFile({ fileRef }: { fileRef: string }) {
      for (const segmentRef of files.find(fileRef)?.waiting ?? []) drop(segmentRef);
      files.delete(fileRef);
    },

    /** One stored segment decrypted with an unlocked key (the preview decrypts a small file whole). */
    async decryptFileSegment({ encryptedSegment, keyRef }: { encryptedSegment: Uint8Array; keyRef: string }) {
      return { plaintext: await decryptSegment({ encryptedSegment, decryptionKey: decryptionKey(keyRef) }) };
    },

    /** Fetches a stored segment into this worker, for saveFileSegment (the console fetches one ahead). */
    async fetchFileSegment(source: { attachmentId: string; index: number; sessionToken: string }) {
      const abort = new AbortController();
      const answer = await (io ?? noIo()).fetch(source, abort.signal);
      if (!answer.ok) return answer;
      return { ok: true as const, segmentRef: held.add({ bytes: answer.encryptedSegment, fileRef: null, abort }) };
    },

    /** Opens where a saved file goes (a file handle, or a download's message port); see segment-io.ts. */
    async openFileSink({ target }: { target: unknown }) {
      return { sinkRef: sinks.add(await (io ?? noIo()).openSink(target)) };
    },

    /**
     * Decrypts a fetched segment and writes it to the sink. Returns the
     * plaintext (moved to the page, for the whole-file hash) and its SHA-256
     * for the check against the report's list.
     */
    async saveFileSegment({ segmentRef, keyRef, sinkRef }: { segmentRef: string; keyRef: string; sinkRef: string }) {
      const { bytes } = held.get(segmentRef);
      let plaintext: Uint8Array<ArrayBuffer>;
      try {
        plaintext = (await decryptSegment({ encryptedSegment: bytes, decryptionKey: decryptionKey(keyRef) })) as Uint8Array<ArrayBuffer>;
      } finally {
        drop(segmentRef);
      }
      const [plaintextSha256] = await Promise.all([segmentDigest(plaintext), sinks.get(sinkRef).write(plaintext)]);
      // OpenPGP.js returns a view a few bytes into its buffer; the whole buffer moves, as nothing here keeps it.
      return withTransfer({ plaintext, plaintextSha256 }, [plaintext.buffer]);
    },

    /** Finishes (or, with `abort`, abandons) the saved file. */
    async closeFileSink({ sinkRef, abort = false }: { sinkRef: string; abort?: boolean }) {
      const sink = sinks.get(sinkRef);
      sinks.delete(sinkRef);
      await (abort ? sink.abort() : sink.close());
    },
  };
}

export type FileApi = ReturnType<typeof createFileApi>;
