import { randomBytes } from 'node:crypto';

import {
  createMetadataFilter,
  MalformedImageError,
  sniffPhotoFormat,
  stripMetadata,
  type PhotoFormat,
} from '../../../crypto/src/metadata';
import { craftedJpeg, craftedPng, craftedWebp, FIXTURE_GPS, JPEG_IMAGE_PARTS, readJpegGps } from '../../support/photos';

const marker = `CANARY${randomBytes(4).toString('hex')}`;
const has = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(text);

/** Every chunking of the input gives the same output: the filter is streaming, whatever the read size. */
function stripInPieces(format: PhotoFormat, file: Buffer, sizes: number[]): Buffer[] {
  return sizes.map((size) => Buffer.from(stripMetadata(format, file, size)));
}

describe('JPEG: metadata removed without re-encoding', () => {
  const file = craftedJpeg(marker);

  it('the fixture holds GPS, Exif, XMP, IPTC, a comment, multi-picture data and a trailer', () => {
    expect(readJpegGps(file)).toEqual({
      latitude: [43, 14, 37.21],
      longitude: [76, 53, 15.82],
    });
    for (const where of ['camera', 'xmp', 'iptc', 'mpf', 'comment', 'trailer'])
      expect(has(file, `${marker}-${where}`)).toBe(true);
    expect(FIXTURE_GPS.latitude[0]).toBe(43);
  });

  it('drops every one of them, and the GPS position with them', () => {
    const clean = stripMetadata('jpeg', file);
    expect(readJpegGps(clean)).toBeNull();
    expect(has(clean, marker)).toBe(false);
    expect(has(clean, 'Exif')).toBe(false);
  });

  it('keeps the colour profile, the Adobe marker, the tables and the scan byte for byte, and ends at EOI', () => {
    const clean = Buffer.from(stripMetadata('jpeg', file));
    const p = JPEG_IMAGE_PARTS;
    const image = Buffer.concat([p.icc, p.adobe, p.dqt, p.sof, p.dht, p.sos, p.scan, Buffer.from([0xff, 0xd9])]);
    expect(clean.subarray(clean.length - image.length)).toEqual(image);
    // SOI, then JFIF cut to its 16-byte form without the thumbnail.
    expect(clean.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(clean.subarray(2, 6)).toEqual(Buffer.from([0xff, 0xe0, 0, 16]));
    expect(clean.subarray(6, 11).toString('latin1')).toBe('JFIF\0');
    expect([clean[18], clean[19]]).toEqual([0, 0]);
    expect(clean.length).toBe(2 + 18 + image.length);
  });

  it('gives the same output however the input is cut into pieces', () => {
    const outputs = stripInPieces('jpeg', file, [1, 2, 3, 7, 64, 1 << 20]);
    for (const output of outputs) expect(output).toEqual(outputs.at(-1));
  });

  it('refuses a file that is not a JPEG, or ends before its image data', () => {
    expect(() => stripMetadata('jpeg', Buffer.from('not a jpeg at all'))).toThrow(MalformedImageError);
    expect(() => stripMetadata('jpeg', file.subarray(0, 40))).toThrow(MalformedImageError);
  });

  it('cleans a file that ends right at its EOI, as most camera files do (it was once refused as cut short)', () => {
    const atEoi = file.subarray(0, file.indexOf(Buffer.from([0xff, 0xd9])) + 2);
    expect(readJpegGps(atEoi)).not.toBeNull();
    const clean = Buffer.from(stripMetadata('jpeg', atEoi));
    expect(readJpegGps(clean)).toBeNull();
    expect(has(clean, marker)).toBe(false);
    expect(clean).toEqual(Buffer.from(stripMetadata('jpeg', file)));
    for (const output of stripInPieces('jpeg', atEoi, [1, 2, 3])) expect(output).toEqual(clean);
  });

  it('keeps a scan that ends without EOI (many files do)', () => {
    const cut = file.subarray(0, file.indexOf(Buffer.from([0xff, 0xd9])));
    const clean = Buffer.from(stripMetadata('jpeg', cut));
    expect(clean.subarray(clean.length - JPEG_IMAGE_PARTS.scan.length)).toEqual(JPEG_IMAGE_PARTS.scan);
  });
});

describe('PNG: text, Exif, time and private chunks removed', () => {
  const { file, kept } = craftedPng(marker);

  it('keeps exactly the signature, critical and rendering chunks, in order', () => {
    const clean = Buffer.from(stripMetadata('png', file));
    expect(clean).toEqual(Buffer.concat(kept));
    expect(has(clean, marker)).toBe(false);
    expect(has(file, `${marker}-text`)).toBe(true);
  });

  it('gives the same output however the input is cut, and refuses a truncated file', () => {
    const outputs = stripInPieces('png', file, [1, 5, 13, 4096]);
    for (const output of outputs) expect(output).toEqual(outputs.at(-1));
    expect(() => stripMetadata('png', file.subarray(0, 100))).toThrow(MalformedImageError);
  });
});

describe('WebP: EXIF and XMP chunks removed, flags and RIFF size rewritten', () => {
  const { file, image } = craftedWebp(marker);

  it('keeps the image chunks byte for byte and writes a RIFF size that matches', () => {
    const clean = Buffer.from(stripMetadata('webp', file));
    expect(has(clean, marker)).toBe(false);
    expect(clean.toString('latin1', 0, 4)).toBe('RIFF');
    expect(clean.readUInt32LE(4)).toBe(clean.length - 8);
    expect(clean.toString('latin1', 12, 16)).toBe('VP8X');
    // EXIF (0x08) and XMP (0x04) flags cleared, ICC (0x20) kept.
    expect(clean[20]).toBe(0x20);
    expect(clean.subarray(30)).toEqual(Buffer.concat(image));
  });

  it('gives the same output however the input is cut, and refuses a file shorter than its RIFF size', () => {
    const outputs = stripInPieces('webp', file, [1, 9, 4096]);
    for (const output of outputs) expect(output).toEqual(outputs.at(-1));
    expect(() => stripMetadata('webp', file.subarray(0, 60))).toThrow(MalformedImageError);
  });
});

describe('format by content', () => {
  it.each([
    ['jpeg', craftedJpeg('x')],
    ['png', craftedPng('x').file],
    ['webp', craftedWebp('x').file],
  ] as const)('recognises %s by its first bytes', (format, file) => {
    expect(sniffPhotoFormat(file.subarray(0, 12))).toBe(format);
  });

  it('recognises nothing else (PDF, text, a short file)', () => {
    expect(sniffPhotoFormat(Buffer.from('%PDF-1.7\n%âãÏÓ'))).toBeNull();
    expect(sniffPhotoFormat(Buffer.from('hello'))).toBeNull();
    expect(sniffPhotoFormat(new Uint8Array(0))).toBeNull();
  });

  it('a filter pushed after its end refuses', () => {
    const filter = createMetadataFilter('png');
    filter.push(craftedPng('x').file);
    filter.end();
    expect(() => filter.push(new Uint8Array(1))).toThrow();
  });
});
