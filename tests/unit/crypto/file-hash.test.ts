import { createHash, randomBytes } from 'node:crypto';

import { createHashApi } from '../../../crypto/src/file-hash';
import { stripMetadata } from '../../../crypto/src/metadata';
import { craftedJpeg, readJpegGps } from '../../support/photos';

/**
 * The hash worker's API on its own (segments.test.ts and upload-hash.test.ts
 * run it end to end): what each call answers, what it forgets, and a file
 * that ends before the size it was opened with.
 */
const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Bytes no photo starts with, so the file is read as it is. */
const notAPhoto = (size: number) => {
  const bytes = randomBytes(size);
  bytes[0] = 0;
  return bytes;
};

describe('the hash worker API', () => {
  it('hashes bytes passed in, answers how many each call took, and gives the lowercase hex digest once', async () => {
    const hashes = createHashApi();
    const { hashRef } = await hashes.startHash();
    expect(hashRef).toMatch(/^hash_[0-9a-f]{24}$/);
    const content = randomBytes(100_000);
    await expect(hashes.updateHash({ hashRef, bytes: content.subarray(0, 70_000) })).resolves.toEqual({
      hashedBytes: 70_000,
    });
    await expect(hashes.updateHash({ hashRef, bytes: content.subarray(70_000) })).resolves.toEqual({
      hashedBytes: 30_000,
    });
    const { sha256: digest } = await hashes.finishHash({ hashRef });
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).toBe(sha256(content));
    // The hash is forgotten with its digest.
    await expect(hashes.finishHash({ hashRef })).rejects.toMatchObject({ code: 'unknown_ref' });
    await expect(hashes.updateHash({ hashRef, bytes: content })).rejects.toMatchObject({ code: 'unknown_ref' });
  });

  it('keeps each hash apart, and forgets one dropped', async () => {
    const hashes = createHashApi();
    const kept = await hashes.startHash();
    const dropped = await hashes.startFileHash({ file: new Blob([notAPhoto(1000)]), removeMetadata: true });
    expect(dropped.hashRef).not.toBe(kept.hashRef);
    await hashes.dropHash({ hashRef: dropped.hashRef });
    await expect(hashes.hashFilePiece({ hashRef: dropped.hashRef })).rejects.toMatchObject({ code: 'unknown_ref' });
    await expect(hashes.finishHash({ hashRef: dropped.hashRef })).rejects.toMatchObject({ code: 'unknown_ref' });
    // Dropping what is gone is harmless (the page drops a hash on every way out).
    await expect(hashes.dropHash({ hashRef: dropped.hashRef })).resolves.toBeUndefined();
    await hashes.updateHash({ hashRef: kept.hashRef, bytes: new TextEncoder().encode('abc') });
    await expect(hashes.finishHash({ hashRef: kept.hashRef })).resolves.toEqual({
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });

  it('refuses to read pieces for a hash of bytes passed in (there is no file)', async () => {
    const hashes = createHashApi();
    const { hashRef } = await hashes.startHash();
    // A RangeError with words of its own: a caller's mistake, which no code names.
    const refusal = hashes.hashFilePiece({ hashRef });
    await expect(refusal).rejects.toThrow(RangeError);
    await expect(refusal).rejects.toThrow('not a file hash');
    // The refusal leaves the hash as it was.
    await expect(hashes.finishHash({ hashRef })).resolves.toEqual({ sha256: sha256(new Uint8Array(0)) });
  });

  it('is done when a file that shrank while read has no more pieces, with the digest of what was read', async () => {
    // Opened at 5 MiB (two segments), but only 3.5 MiB are there when read: every read past it comes back short.
    const bytes = notAPhoto(3.5 * MiB);
    const blob = new Blob([bytes]);
    const file = { size: 5 * MiB, slice: (start?: number, end?: number) => blob.slice(start, end) };
    const hashes = createHashApi();
    const { hashRef, size } = await hashes.startFileHash({ file, removeMetadata: true });
    expect(size).toBe(5 * MiB);
    const calls: { hashedBytes: number; done: boolean }[] = [];
    // Five reads (four of the first segment, one of the second) and one call that finds no more; at most ten.
    while (calls.length < 10 && !calls.at(-1)?.done) calls.push(await hashes.hashFilePiece({ hashRef }));
    expect(calls).toEqual([
      { hashedBytes: 1 * MiB, done: false },
      { hashedBytes: 2 * MiB, done: false },
      { hashedBytes: 3 * MiB, done: false },
      { hashedBytes: 3.5 * MiB, done: false },
      { hashedBytes: 3.5 * MiB, done: false },
      { hashedBytes: 3.5 * MiB, done: true },
    ]);
    expect((await hashes.finishHash({ hashRef })).sha256).toBe(sha256(bytes));
  });

  it("hashes a photo as it is uploaded: cleaned when the reporter removes its metadata, else the file's bytes", async () => {
    const jpeg = craftedJpeg('CANARY-file-hash');
    const cleaned = stripMetadata('jpeg', jpeg);
    expect(readJpegGps(jpeg)).not.toBeNull();
    expect(readJpegGps(cleaned)).toBeNull();
    const hashes = createHashApi();
    for (const [removeMetadata, plaintext] of [
      [true, cleaned],
      [false, jpeg],
    ] as const) {
      const { hashRef, size } = await hashes.startFileHash({ file: new Blob([jpeg]), removeMetadata });
      expect(size).toBe(plaintext.length);
      await expect(hashes.hashFilePiece({ hashRef })).resolves.toEqual({ hashedBytes: plaintext.length, done: true });
      expect((await hashes.finishHash({ hashRef })).sha256).toBe(sha256(plaintext));
    }
  });
});
