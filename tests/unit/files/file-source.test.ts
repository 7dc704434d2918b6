/**
 * PlaintextSource's own paths that the end-to-end suites do not reach: a photo the filter refuses, a photo that
 * changes between opening and reading, a read error that is not the photo's fault, the cleaned photo through
 * `pieces`, and the bound on what is read at once (the reason for reading in pieces at all).
 */
import { randomBytes } from 'node:crypto';

import { PlaintextSource } from '../../../crypto/src/file-source';
import { MalformedImageError, stripMetadata } from '../../../crypto/src/metadata';
import { SEGMENT_BYTES } from '../../../crypto/src/segments';
import { bareJpeg, craftedJpeg, craftedPng, pngChunk } from '../../support/photos';

const MIB = 1024 * 1024;

/** A file whose bytes can be replaced after it is opened, recording every range read from it. */
interface ChangingFile {
  bytes: Buffer;
  readonly reads: Array<[number, number]>;
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

function changingFile(initial: Buffer): ChangingFile {
  const file: ChangingFile = {
    bytes: initial,
    reads: [],
    get size() {
      return file.bytes.length;
    },
    slice(start = 0, end = file.bytes.length) {
      file.reads.push([start, end]);
      const part = file.bytes.subarray(start, end);
      return { arrayBuffer: async () => new Uint8Array(part).buffer };
    },
  };
  return file;
}

/** A PNG with `imageBytes` of image data, so that its cleaned form spans megabytes. */
function bigPng(imageBytes: number): Buffer {
  const { file } = craftedPng('CANARY-big');
  const iend = file.indexOf(Buffer.from('IEND')) - 4;
  return Buffer.concat([file.subarray(0, iend), pngChunk('IDAT', randomBytes(imageBytes)), file.subarray(iend)]);
}

const concat = async (pieces: AsyncIterable<Uint8Array>) => {
  const all: Uint8Array[] = [];
  for await (const piece of pieces) all.push(piece);
  return all;
};

describe('a photo that cannot be cleaned', () => {
  it('is refused when opened, in the filter’s words, as unreadable_photo', async () => {
    const cut = craftedJpeg('CANARY-cut').subarray(0, 40);
    let filterError: unknown;
    try {
      stripMetadata('jpeg', cut);
    } catch (error) {
      filterError = error;
    }
    expect(filterError).toBeInstanceOf(MalformedImageError);
    await expect(PlaintextSource.open(new Blob([cut]), { removeMetadata: true })).rejects.toMatchObject({
      code: 'unreadable_photo',
      message: `This photo could not be cleaned: ${(filterError as Error).message}`,
    });
  });

  it('changed after it was opened (its cleaned form shorter than counted) is refused, not sent short', async () => {
    const file = changingFile(craftedJpeg('CANARY-changed'));
    const source = await PlaintextSource.open(file, { removeMetadata: true });
    // Another valid JPEG, without the colour segments the first one kept: its cleaned form is shorter.
    file.bytes = bareJpeg();
    await expect(source.segment(0)).rejects.toMatchObject({
      code: 'unreadable_photo',
      message: 'The photo changed while it was being read.',
    });
  });
});

it('a read error that is not the photo’s fault comes out as it is', async () => {
  const jpeg = craftedJpeg('CANARY-io');
  const gone = new Error('the file is gone');
  const file = {
    size: jpeg.length,
    slice: (start = 0, end = jpeg.length) => ({
      arrayBuffer: async () => {
        if (start > 0 || end > 12) throw gone;
        return new Uint8Array(jpeg.subarray(start, end)).buffer;
      },
    }),
  };
  await expect(PlaintextSource.open(file, { removeMetadata: true })).rejects.toBe(gone);
});

describe('a cleaned photo of several segments', () => {
  const png = bigPng(6 * MIB);
  const cleaned = Buffer.from(stripMetadata('png', png));

  it('reads the file at most 1 MiB at a time, never past its end', async () => {
    const file = changingFile(png);
    const source = await PlaintextSource.open(file, { removeMetadata: true });
    expect(source.size).toBe(cleaned.length);
    const opening = file.reads.length;
    await source.segment(0);
    await source.segment(1);
    expect(file.reads.length).toBeGreaterThan(12);
    for (const [start, end] of file.reads) {
      expect(end - start).toBeLessThanOrEqual(MIB);
      expect(end).toBeLessThanOrEqual(png.length);
    }
    // Segments read in order cost one pass over the file: the filter is not started again for each.
    const read = file.reads.slice(opening).reduce((sum, [start, end]) => sum + end - start, 0);
    expect(read).toBe(png.length);
  });

  it('gives through pieces() the cleaned bytes, one piece per segment, the same as segment()', async () => {
    const source = await PlaintextSource.open(new Blob([png]), { removeMetadata: true });
    expect(source.segments).toBe(2);
    const pieces = [...(await concat(source.pieces(0))), ...(await concat(source.pieces(1)))];
    expect(pieces.map((piece) => piece.length)).toEqual([SEGMENT_BYTES, cleaned.length - SEGMENT_BYTES]);
    expect(Buffer.concat(pieces).equals(cleaned)).toBe(true);
    expect(Buffer.from(await source.segment(1)).equals(cleaned.subarray(SEGMENT_BYTES))).toBe(true);
  });
});

it('a file that is not cleaned comes through pieces() in reads of at most 1 MiB, ending at the segment’s end', async () => {
  const bytes = randomBytes(SEGMENT_BYTES + MIB / 2);
  const source = await PlaintextSource.open(new Blob([bytes]), { removeMetadata: true });
  expect(source.metadata).toBe('not_a_photo');
  const first = await concat(source.pieces(0));
  expect(first.map((piece) => piece.length)).toEqual([MIB, MIB, MIB, MIB]);
  const second = await concat(source.pieces(1));
  expect(Buffer.concat([...first, ...second]).equals(bytes)).toBe(true);
});
