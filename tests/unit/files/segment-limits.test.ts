/**
 * A segment's size limit on both sides: the reporter's worker never encrypts more than a segment of plaintext, and
 * the console never takes more than a segment out of one, also from a segment made outside the product (larger, or
 * compressed so that it inflates past the limit: only the limit then bounds the memory it takes).
 */
import { createMessage, encrypt, enums, readKey, type PrivateKey } from 'openpgp';

import { PlaintextSource } from '../../../crypto/src/file-source';
import type { GeneratedKey } from '../../../crypto/src/keys';
import { decryptSegment, encryptSegment, MAX_FILE_BYTES, SEGMENT_BYTES } from '../../../crypto/src/segments';
import { unlockedAgencyKey } from '../../support/agency-key';

let agency: GeneratedKey;
let agencyKey: PrivateKey;
beforeAll(async () => {
  ({ agency, agencyKey } = await unlockedAgencyKey());
});

/** A segment as any OpenPGP tool could make it: binary, to the agency key, compressed or not. */
async function foreignSegment(plaintext: Uint8Array, compression = enums.compression.uncompressed) {
  return encrypt({
    message: await createMessage({ binary: plaintext }),
    encryptionKeys: await readKey({ armoredKey: agency.armoredPublicKey }),
    format: 'binary',
    config: { preferredCompressionAlgorithm: compression },
  });
}

describe('a segment holds at most SEGMENT_BYTES of plaintext', () => {
  it('the worker refuses to encrypt one byte more, and encrypts exactly the limit', async () => {
    const recipientKeys = [await readKey({ armoredKey: agency.armoredPublicKey })];
    await expect(encryptSegment({ plaintext: new Uint8Array(SEGMENT_BYTES + 1), recipientKeys })).rejects.toMatchObject(
      { code: 'segment_too_large', message: `A segment holds at most ${SEGMENT_BYTES} bytes.` },
    );
    const full = new Uint8Array(SEGMENT_BYTES).fill(7);
    const encryptedSegment = await encryptSegment({ plaintext: full, recipientKeys });
    expect(Buffer.from(await decryptSegment({ encryptedSegment, decryptionKey: agencyKey })).equals(full)).toBe(true);
  });

  it('the console refuses a segment from outside holding one byte more, and reads one of exactly the limit', async () => {
    await expect(
      decryptSegment({
        encryptedSegment: await foreignSegment(new Uint8Array(SEGMENT_BYTES + 1)),
        decryptionKey: agencyKey,
      }),
    ).rejects.toMatchObject({
      code: 'segment_too_large',
      message: 'This segment holds more than a segment of plaintext.',
    });
    const full = await decryptSegment({
      encryptedSegment: await foreignSegment(new Uint8Array(SEGMENT_BYTES).fill(1)),
      decryptionKey: agencyKey,
    });
    expect(full.length).toBe(SEGMENT_BYTES);
  });

  it('a compressed segment that would inflate past the limit is stopped while inflating, and one inflating to less is read', async () => {
    // 64 MiB of zeros compress to a few KiB: without the reader's limit they would all be held before the size check.
    const bomb = await foreignSegment(new Uint8Array(16 * SEGMENT_BYTES), enums.compression.zlib);
    expect(bomb.length).toBeLessThan(SEGMENT_BYTES / 16);
    await expect(decryptSegment({ encryptedSegment: bomb, decryptionKey: agencyKey })).rejects.toMatchObject({
      code: 'undecryptable',
    });
    // OpenPGP.js counts the literal packet's header (12 octets here) against the limit too, so a compressed segment
    // of a full SEGMENT_BYTES is refused as well; the product never compresses, and one a little under it is read.
    const compressed = await foreignSegment(new Uint8Array(SEGMENT_BYTES - 1024), enums.compression.zlib);
    expect((await decryptSegment({ encryptedSegment: compressed, decryptionKey: agencyKey })).length).toBe(
      SEGMENT_BYTES - 1024,
    );
  });
});

describe('a file source', () => {
  /** A file of `size` bytes that is never read past its first bytes (all zeros: not a photo). */
  const blob = (size: number) => ({
    size,
    slice: (start = 0, end = size) => ({ arrayBuffer: async () => new ArrayBuffer(Math.min(end, 64) - start) }),
  });

  it('takes a file of exactly 2 GiB, and refuses one byte more naming the limit', async () => {
    expect((await PlaintextSource.open(blob(MAX_FILE_BYTES), { removeMetadata: true })).segments).toBe(512);
    await expect(PlaintextSource.open(blob(MAX_FILE_BYTES + 1), { removeMetadata: true })).rejects.toMatchObject({
      code: 'file_too_large',
      message: `A file may be at most ${MAX_FILE_BYTES} bytes.`,
    });
  });

  it('gives no segment for an index that is not one of the file', async () => {
    const source = await PlaintextSource.open(new Blob([new Uint8Array(SEGMENT_BYTES + 1)]), { removeMetadata: true });
    expect((await source.segment(1)).length).toBe(1);
    for (const index of [-1, 2, 0.5, Number.NaN]) {
      await expect(source.segment(index)).rejects.toThrow(new RangeError(`segment ${index} of 2`));
    }
  });
});
