import { createHash, randomBytes } from 'node:crypto';

import { decrypt, readMessage, enums, type PrivateKey } from 'openpgp';

import { createCryptoApi } from '../../../crypto/src/api';
import { createHashApi } from '../../../crypto/src/file-hash';
import { PlaintextSource } from '../../../crypto/src/file-source';
import { generateAgencyKey, type GeneratedKey } from '../../../crypto/src/keys';
import { stripMetadata } from '../../../crypto/src/metadata';
import {
  decryptSegment,
  MAX_FILE_BYTES,
  MAX_SEGMENTS,
  SEGMENT_BYTES,
  segmentCount,
  segmentRange,
} from '../../../crypto/src/segments';
import { unlockedAgencyKey } from '../../support/agency-key';
import { craftedJpeg, craftedPng, readJpegGps } from '../../support/photos';

const PASSPHRASE = 'agency passphrase for segment tests';
let agency: GeneratedKey;
let agencyKey: PrivateKey;
beforeAll(async () => {
  ({ agency, agencyKey } = await unlockedAgencyKey());
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** What the reporter's crypto worker does to a whole file, segment by segment, in Node with the same code. */
async function encryptFile(file: Blob, removeMetadata = true) {
  const api = createCryptoApi();
  const { recipientsRef } = await api.prepareRecipients({
    armoredAgencyKey: agency.armoredPublicKey,
    pinnedAgencyFingerprint: agency.fingerprint,
  });
  const opened = await api.openFile({ file, removeMetadata });
  const segments: Uint8Array[] = [];
  for (let index = 0; index < opened.segments; index++) {
    segments.push((await api.encryptFileSegment({ fileRef: opened.fileRef, recipientsRef, index })).encryptedSegment);
  }
  await api.closeFile({ fileRef: opened.fileRef });
  return { ...opened, segments };
}

async function decryptAll(segments: Uint8Array[]): Promise<Buffer> {
  const parts = [];
  for (const encryptedSegment of segments)
    parts.push(await decryptSegment({ encryptedSegment, decryptionKey: agencyKey }));
  return Buffer.concat(parts);
}

describe('segmenting', () => {
  it('cuts a file into 4 MiB segments, an empty file into one empty segment, and stops at 2 GiB', () => {
    expect(SEGMENT_BYTES).toBe(4 * 1024 * 1024);
    expect(segmentCount(0)).toBe(1);
    expect(segmentCount(1)).toBe(1);
    expect(segmentCount(SEGMENT_BYTES)).toBe(1);
    expect(segmentCount(SEGMENT_BYTES + 1)).toBe(2);
    expect(segmentCount(MAX_FILE_BYTES)).toBe(MAX_SEGMENTS);
    expect(MAX_SEGMENTS).toBe(512);
    expect(segmentRange(2, 2 * SEGMENT_BYTES + 5)).toEqual({ start: 2 * SEGMENT_BYTES, end: 2 * SEGMENT_BYTES + 5 });
  });

  it('refuses a file over 2 GiB before reading it', async () => {
    const huge = { size: MAX_FILE_BYTES + 1, slice: () => ({ arrayBuffer: () => Promise.reject(new Error('read')) }) };
    await expect(PlaintextSource.open(huge, { removeMetadata: true })).rejects.toMatchObject({
      code: 'file_too_large',
    });
  });
});

describe('encrypted segments', () => {
  const content = randomBytes(2 * SEGMENT_BYTES + 12345);
  let encrypted: Awaited<ReturnType<typeof encryptFile>>;
  beforeAll(async () => {
    encrypted = await encryptFile(new Blob([content]));
  });

  it('are one OpenPGP message each whose plaintexts, concatenated, are the file', async () => {
    expect(encrypted.segments).toHaveLength(3);
    expect(encrypted.metadata).toBe('not_a_photo');
    const plain = await decryptAll(encrypted.segments);
    expect(sha256(plain)).toBe(sha256(content));
  });

  it('hold one PKESK to the agency key and one SEIPDv1 packet, no compression, literal date 0 and no file name', async () => {
    const message = await readMessage({ binaryMessage: encrypted.segments[2]! });
    const tags = Array.from(message.packets, (p) => (p.constructor as unknown as { tag: number }).tag);
    expect(tags).toEqual([enums.packet.publicKeyEncryptedSessionKey, enums.packet.symEncryptedIntegrityProtectedData]);
    expect((message.packets[1] as unknown as { version: number }).version).toBe(1);
    const ids = message.getEncryptionKeyIDs().map((id) => id.toHex());
    expect(ids).toHaveLength(1);
    expect(agencyKey.getKeys().map((k) => k.getKeyID().toHex())).toContain(ids[0]);
    const decrypted = await message.decrypt([agencyKey]);
    const inner = Array.from(decrypted.packets, (p) => (p.constructor as unknown as { tag: number }).tag);
    expect(inner).toEqual([enums.packet.literalData]);
    const literal = decrypted.packets[0] as unknown as { date: Date; filename: string };
    expect(literal.date.getTime()).toBe(0);
    expect(literal.filename).toBe('');
  });

  it('say nothing of the file in the clear: no plaintext byte run appears in the ciphertext', () => {
    const probe = content.subarray(1000, 1032);
    expect(encrypted.segments.some((s) => Buffer.from(s).includes(probe))).toBe(false);
  });

  it('a segment too large or not for the key is refused when decrypting', async () => {
    const { agencyKey: otherKey } = await unlockedAgencyKey('Other');
    await expect(
      decryptSegment({ encryptedSegment: encrypted.segments[0]!, decryptionKey: otherKey }),
    ).rejects.toMatchObject({
      code: 'undecryptable',
    });
    await expect(
      decryptSegment({ encryptedSegment: new Uint8Array([1, 2, 3]), decryptionKey: agencyKey }),
    ).rejects.toMatchObject({
      code: 'undecryptable',
    });
  });

  it('the whole-file SHA-256, hashed piece by piece in the hash worker code, is the SHA-256 of the file', async () => {
    const hashes = createHashApi();
    const { hashRef, size } = await hashes.startFileHash({ file: new Blob([content]), removeMetadata: true });
    expect(size).toBe(content.length);
    // A piece (at most 1 MiB) per call, so the page can give the CPU to the encryption in between.
    const progress: number[] = [];
    for (let done = false; !done;) {
      const piece = await hashes.hashFilePiece({ hashRef });
      progress.push(piece.hashedBytes);
      done = piece.done;
    }
    expect(progress).toEqual(
      Array.from({ length: Math.ceil(content.length / 2 ** 20) }, (_, i) =>
        Math.min(content.length, (i + 1) * 2 ** 20),
      ),
    );
    expect((await hashes.finishHash({ hashRef })).sha256).toBe(sha256(content));

    const empty = await hashes.startFileHash({ file: new Blob([]), removeMetadata: true });
    await expect(hashes.hashFilePiece({ hashRef: empty.hashRef })).resolves.toEqual({ hashedBytes: 0, done: true });
    expect((await hashes.finishHash({ hashRef: empty.hashRef })).sha256).toBe(sha256(new Uint8Array(0)));

    const bytes = await hashes.startHash();
    for (let at = 0; at < content.length; at += 1_000_000) {
      await hashes.updateHash({ hashRef: bytes.hashRef, bytes: content.subarray(at, at + 1_000_000) });
    }
    expect((await hashes.finishHash({ hashRef: bytes.hashRef })).sha256).toBe(sha256(content));
  });

  it('are never encrypted to a key whose fingerprint is not the pinned one', async () => {
    const other = await generateAgencyKey({ agencyName: 'Swapped', passphrase: PASSPHRASE });
    await expect(
      createCryptoApi().prepareRecipients({
        armoredAgencyKey: other.armoredPublicKey,
        pinnedAgencyFingerprint: agency.fingerprint,
      }),
    ).rejects.toMatchObject({ code: 'agency_key_mismatch' });
  });
});

describe('photo metadata, end to end through encryption', () => {
  const marker = `CANARY${randomBytes(4).toString('hex')}`;
  const jpeg = craftedJpeg(marker);

  it('a GPS tag in a fixture JPEG is gone after decryption', async () => {
    const { segments, metadata, size } = await encryptFile(new Blob([jpeg]));
    expect(metadata).toBe('removed');
    const plain = await decryptAll(segments);
    expect(plain.length).toBe(size);
    expect(readJpegGps(jpeg)).not.toBeNull();
    expect(readJpegGps(plain)).toBeNull();
    expect(plain.includes(marker)).toBe(false);
  });

  it('and kept, byte for byte, when the reporter chose the original', async () => {
    const { segments, metadata } = await encryptFile(new Blob([jpeg]), false);
    expect(metadata).toBe('original');
    const plain = await decryptAll(segments);
    expect(plain).toEqual(jpeg);
    expect(readJpegGps(plain)).toEqual(readJpegGps(jpeg));
  });

  it('a cleaned photo of several segments reads the same when a resumed upload goes back a segment', async () => {
    const { file } = craftedPng(marker);
    // Pad the first IDAT chunk's worth of image data into megabytes: splice a big IDAT before IEND.
    const idat = Buffer.concat([
      Buffer.from([0, 0x90, 0, 0]),
      Buffer.from('IDAT'),
      randomBytes(0x900000),
      Buffer.alloc(4),
    ]);
    const iend = file.indexOf(Buffer.from('IEND')) - 4;
    const big = Buffer.concat([file.subarray(0, iend), idat, file.subarray(iend)]);
    const source = await PlaintextSource.open(new Blob([big]), { removeMetadata: true });
    expect(source.segments).toBe(3);
    const first = [await source.segment(0), await source.segment(1), await source.segment(2)];
    const again = await source.segment(1);
    // Compared as digests: jest's toEqual walks megabytes element by element.
    expect(sha256(again)).toBe(sha256(first[1]!));
    expect(sha256(Buffer.concat(first))).toBe(sha256(stripMetadata('png', big)));
    expect(Buffer.concat(first).includes(marker)).toBe(false);
  });
});

it('decrypt() of the same segment with the OpenPGP.js defaults gives the same bytes (standard format)', async () => {
  const content = randomBytes(1000);
  const { segments } = await encryptFile(new Blob([content]));
  const { data } = await decrypt({
    message: await readMessage({ binaryMessage: segments[0]! }),
    decryptionKeys: agencyKey,
    format: 'binary',
  });
  expect(Buffer.from(data as Uint8Array)).toEqual(content);
});
