import { MessagePort } from 'node:worker_threads';

import type { PrivateKey, PublicKey } from 'openpgp';

import { createFileApi, type SegmentIo, type SendAnswer } from '../../../crypto/src/file-api';
import { decryptSegment, encryptSegment, SEGMENT_BYTES } from '../../../crypto/src/segments';
import { transferOf } from '../../../crypto/src/serve-api';
import { unlockedAgencyKey } from '../../support/agency-key';

/**
 * The crypto endpoint's evidence-file verbs (crypto/src/file-api.ts) with real keys and real OpenPGP.js: what is
 * held between prepare and send, what is dropped and when, and what is freed. Freeing (release.ts) acts only in a
 * browser's scope; Node has a real MessageChannel, so the tests that look at freed buffers run with the worker
 * scope's mark (`importScripts`) set, and a freed buffer reads as empty.
 */
let publicKey: PublicKey;
let privateKey: PrivateKey;
beforeAll(async () => {
  privateKey = (await unlockedAgencyKey()).agencyKey;
  publicKey = privateKey.toPublic();
});

const scope = globalThis as { importScripts?: unknown };
const original = MessagePort.prototype.postMessage;
function inWorkerScope() {
  beforeEach(() => {
    scope.importScripts = () => {};
  });
  afterEach(() => {
    delete scope.importScripts;
  });
}

/** A file whose reads are kept, so a test can see whether the buffer it handed out was freed. */
function keptFile(content: Uint8Array) {
  const reads: ArrayBuffer[] = [];
  return {
    reads,
    file: {
      size: content.length,
      slice: (start = 0, end = content.length) => ({
        arrayBuffer: async () => {
          const buffer = content.slice(start, end).buffer;
          reads.push(buffer);
          return buffer;
        },
      }),
    },
  };
}

type Sent = { upload: { id: string; uploadToken: string }; index: number; bytes: Uint8Array; signal: AbortSignal };

/** An io whose sends wait until the test answers them. */
function heldIo() {
  const sent: Sent[] = [];
  const answers: ((answer: SendAnswer | Error) => void)[] = [];
  const io: SegmentIo = {
    send: (upload, index, bytes, signal) => {
      sent.push({ upload, index, bytes, signal });
      return new Promise((resolve, reject) =>
        answers.push((answer) => (answer instanceof Error ? reject(answer) : resolve(answer))),
      );
    },
  };
  return { io, sent, answers };
}

const UPLOAD = { id: 'A'.repeat(22), uploadToken: 'T'.repeat(43) };
const content = new Uint8Array(3000).map((_, i) => (i * 7) % 251);

function makeApi(io?: SegmentIo) {
  return createFileApi({
    recipientKeys: (ref) => {
      expect(ref).toBe('recipients_1');
      return [publicKey];
    },
    decryptionKey: (ref) => {
      expect(ref).toBe('key_1');
      return privateKey;
    },
    io,
  });
}

describe('openFile and encryptFileSegment', () => {
  it('open a file by reference and encrypt a segment to the recipient set', async () => {
    const api = makeApi();
    const opened = await api.openFile({ file: new Blob([content]), removeMetadata: true });
    expect(opened).toEqual({
      fileRef: expect.stringMatching(/^file_[0-9a-f]{24}$/),
      size: 3000,
      segments: 1,
      photoFormat: null,
      metadata: 'not_a_photo',
    });
    const { encryptedSegment, plaintextBytes } = await api.encryptFileSegment({
      fileRef: opened.fileRef,
      recipientsRef: 'recipients_1',
      index: 0,
    });
    expect(plaintextBytes).toBe(3000);
    expect(await decryptSegment({ encryptedSegment, decryptionKey: privateKey })).toEqual(content);
  });

  describe('in a worker scope', () => {
    inWorkerScope();
    it('free the plaintext they read once it is encrypted', async () => {
      const api = makeApi();
      const { file, reads } = keptFile(content);
      const { fileRef } = await api.openFile({ file, removeMetadata: true });
      const before = reads.length;
      await api.encryptFileSegment({ fileRef, recipientsRef: 'recipients_1', index: 0 });
      expect(reads.length).toBe(before + 1);
      expect(reads.at(-1)!.byteLength).toBe(0);
    });
  });
});

describe('prepareFileSegment and sendFileSegment', () => {
  inWorkerScope();

  it('hold the ciphertext until it is sent, give it to the io with the upload and index, then free and forget it', async () => {
    const { io, sent, answers } = heldIo();
    const api = makeApi(io);
    const { fileRef } = await api.openFile({ file: new Blob([content]), removeMetadata: true });
    const prepared = await api.prepareFileSegment({ fileRef, recipientsRef: 'recipients_1', index: 0 });
    expect(prepared).toEqual({
      segmentRef: expect.stringMatching(/^segment_[0-9a-f]{24}$/),
      plaintextBytes: 3000,
      encryptedBytes: expect.any(Number),
    });
    expect(prepared.encryptedBytes).toBeGreaterThan(3000);
    const sending = api.sendFileSegment({ segmentRef: prepared.segmentRef, upload: UPLOAD, index: 4 });
    await Promise.resolve();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.upload).toEqual(UPLOAD);
    expect(sent[0]!.index).toBe(4);
    expect(sent[0]!.bytes.length).toBe(prepared.encryptedBytes);
    expect(await decryptSegment({ encryptedSegment: sent[0]!.bytes, decryptionKey: privateKey })).toEqual(content);
    expect(sent[0]!.signal.aborted).toBe(false);
    answers[0]!({ ok: true, received: 5 });
    await expect(sending).resolves.toEqual({ ok: true, received: 5 });
    // Freed and forgotten: a retry encrypts the segment again.
    expect(sent[0]!.bytes.length).toBe(0);
    await expect(
      api.sendFileSegment({ segmentRef: prepared.segmentRef, upload: UPLOAD, index: 4 }),
    ).rejects.toMatchObject({ code: 'unknown_ref' });
    expect(sent).toHaveLength(1);
  });

  it('forget the segment when the send fails too', async () => {
    const { io, sent, answers } = heldIo();
    const api = makeApi(io);
    const { fileRef } = await api.openFile({ file: new Blob([content]), removeMetadata: true });
    const { segmentRef } = await api.prepareFileSegment({ fileRef, recipientsRef: 'recipients_1', index: 0 });
    const sending = api.sendFileSegment({ segmentRef, upload: UPLOAD, index: 0 });
    await Promise.resolve();
    answers[0]!(new Error('connection reset'));
    await expect(sending).rejects.toThrow('connection reset');
    expect(sent[0]!.bytes.length).toBe(0);
    await expect(api.sendFileSegment({ segmentRef, upload: UPLOAD, index: 0 })).rejects.toMatchObject({
      code: 'unknown_ref',
    });
  });

  it('a running send is stopped by dropFileSegment, and by closeFile for each segment of that file only', async () => {
    const { io, sent } = heldIo();
    const api = makeApi(io);
    const a = await api.openFile({ file: new Blob([content]), removeMetadata: true });
    const b = await api.openFile({ file: new Blob([content]), removeMetadata: true });
    const prepare = (fileRef: string) => api.prepareFileSegment({ fileRef, recipientsRef: 'recipients_1', index: 0 });
    const [a1, a2, b1] = [await prepare(a.fileRef), await prepare(a.fileRef), await prepare(b.fileRef)];
    for (const { segmentRef } of [a1, a2, b1]) void api.sendFileSegment({ segmentRef, upload: UPLOAD, index: 0 });
    await Promise.resolve();
    expect(sent.map((s) => s.signal.aborted)).toEqual([false, false, false]);

    await api.dropFileSegment({ segmentRef: a1.segmentRef });
    expect(sent.map((s) => s.signal.aborted)).toEqual([true, false, false]);
    expect(sent[0]!.bytes.length).toBe(0);

    await api.closeFile({ fileRef: a.fileRef });
    expect(sent.map((s) => s.signal.aborted)).toEqual([true, true, false]);
    expect(sent[1]!.bytes.length).toBe(0);
    expect(sent[2]!.bytes.length).toBe(b1.encryptedBytes);
    await expect(prepare(a.fileRef)).rejects.toMatchObject({ code: 'unknown_ref' });

    // Dropping or closing what is already gone is not an error.
    await expect(api.dropFileSegment({ segmentRef: a1.segmentRef })).resolves.toBeUndefined();
    await expect(api.closeFile({ fileRef: a.fileRef })).resolves.toBeUndefined();
  });

  it('a segment prepared but not sent is forgotten by dropFileSegment', async () => {
    const { io, sent } = heldIo();
    const api = makeApi(io);
    const { fileRef } = await api.openFile({ file: new Blob([content]), removeMetadata: true });
    const { segmentRef } = await api.prepareFileSegment({ fileRef, recipientsRef: 'recipients_1', index: 0 });
    await api.dropFileSegment({ segmentRef });
    await expect(api.sendFileSegment({ segmentRef, upload: UPLOAD, index: 0 })).rejects.toMatchObject({
      code: 'unknown_ref',
    });
    expect(sent).toHaveLength(0);
  });

  it('a file closed while its segment was being encrypted: refused, and the ciphertext is freed, not held', async () => {
    const { io } = heldIo();
    const api = makeApi(io);
    const { fileRef } = await api.openFile({ file: new Blob([content]), removeMetadata: true });
    // The ciphertext never leaves the endpoint here: its freeing is seen as the buffer moved into release()'s
    // closed channel (the real one, only watched). The plaintext (3000 bytes) is freed too, before it.
    const moved: number[] = [];
    const post = jest.spyOn(MessagePort.prototype, 'postMessage');
    post.mockImplementation(function (this: MessagePort, message: unknown, transfer?: readonly unknown[]) {
      for (const item of transfer ?? []) if (item instanceof ArrayBuffer) moved.push(item.byteLength);
      original.call(this, message, transfer as never);
    });
    const preparing = api.prepareFileSegment({ fileRef, recipientsRef: 'recipients_1', index: 0 });
    await api.closeFile({ fileRef });
    try {
      await expect(preparing).rejects.toMatchObject({
        code: 'unknown_ref',
        message: 'This file was closed while it was being encrypted.',
      });
    } finally {
      post.mockRestore();
    }
    expect(moved).toHaveLength(2);
    expect(moved[0]).toBe(3000);
    expect(moved[1]).toBeGreaterThan(3000);
  });

  it('without an io, sendFileSegment says this endpoint sends nothing', async () => {
    const api = makeApi();
    const { fileRef } = await api.openFile({ file: new Blob([content]), removeMetadata: true });
    const { segmentRef } = await api.prepareFileSegment({ fileRef, recipientsRef: 'recipients_1', index: 0 });
    await expect(api.sendFileSegment({ segmentRef, upload: UPLOAD, index: 0 })).rejects.toMatchObject({
      code: 'unknown_ref',
      message: 'This crypto endpoint sends nothing (it was given no I/O).',
    });
  });
});

describe('decryptFileSegment', () => {
  inWorkerScope();
  const encrypted = () => encryptSegment({ plaintext: content, recipientKeys: [publicKey] });

  it('decrypts with the referenced key and moves the plaintext buffer to the caller', async () => {
    const encryptedSegment = await encrypted();
    const result = await makeApi().decryptFileSegment({ encryptedSegment, keyRef: 'key_1' });
    expect(result.plaintext).toEqual(content);
    expect(transferOf(result)).toEqual([result.plaintext.buffer]);
    expect(transferOf(result)![0]).toBe(result.plaintext.buffer);
    // Not moved here: the caller's ciphertext is left alone.
    expect(encryptedSegment.length).toBeGreaterThan(0);
  });

  it('frees a moved ciphertext once decrypted, and when it does not decrypt', async () => {
    const encryptedSegment = await encrypted();
    await makeApi().decryptFileSegment({ encryptedSegment, keyRef: 'key_1', moved: true });
    expect(encryptedSegment.length).toBe(0);
    const damaged = await encrypted();
    damaged[damaged.length - 5]! ^= 1;
    await expect(
      makeApi().decryptFileSegment({ encryptedSegment: damaged, keyRef: 'key_1', moved: true }),
    ).rejects.toMatchObject({ name: 'CryptoError' });
    expect(damaged.length).toBe(0);
  });

  it('frees the whole buffer under a moved ciphertext that is a view into it', async () => {
    const ciphertext = await encrypted();
    const buffer = new ArrayBuffer(ciphertext.length + 16);
    const view = new Uint8Array(buffer, 8, ciphertext.length);
    view.set(ciphertext);
    const { plaintext } = await makeApi().decryptFileSegment({ encryptedSegment: view, keyRef: 'key_1', moved: true });
    expect(plaintext).toEqual(content);
    expect(buffer.byteLength).toBe(0);
  });
});

it('a segment is at most SEGMENT_BYTES of plaintext (the file api reads no more)', async () => {
  expect(SEGMENT_BYTES).toBe(4 * 1024 * 1024);
  const api = makeApi();
  const { fileRef, segments } = await api.openFile({
    file: new Blob([new Uint8Array(SEGMENT_BYTES + 1)]),
    removeMetadata: true,
  });
  expect(segments).toBe(2);
  const sizes = [];
  for (const index of [0, 1]) {
    sizes.push((await api.encryptFileSegment({ fileRef, recipientsRef: 'recipients_1', index })).plaintextBytes);
  }
  expect(sizes).toEqual([SEGMENT_BYTES, 1]);
});
