import { randomBytes } from 'node:crypto';

import {
  createMetadataFilter,
  MalformedImageError,
  sniffPhotoFormat,
  stripMetadata,
  type PhotoFormat,
} from '../../../crypto/src/metadata';
import {
  craftedJpeg,
  craftedPng,
  craftedWebp,
  FIXTURE_GPS,
  JPEG_IMAGE_PARTS,
  readJpegGps,
  pngChunk,
  riffChunk,
  segment,
} from '../../support/photos';
import { JpegMetadataFilter } from '../../../crypto/src/metadata/jpeg';
import { PngMetadataFilter } from '../../../crypto/src/metadata/png';
import { WebpMetadataFilter } from '../../../crypto/src/metadata/webp';

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
    const notJpeg = new MalformedImageError('Not a JPEG file.');
    expect(() => stripMetadata('jpeg', Buffer.from('not a jpeg at all'))).toThrow(notJpeg);
    // Either byte of the start-of-image marker wrong.
    for (const start of [
      [0xff, 0xd9],
      [0xfe, 0xd8],
    ]) {
      const other = Buffer.concat([Buffer.from(start), file.subarray(2)]);
      expect(() => stripMetadata('jpeg', other)).toThrow(notJpeg);
    }
    expect(() => stripMetadata('jpeg', file.subarray(0, 40))).toThrow(MalformedImageError);
    const sos = file.indexOf(JPEG_IMAGE_PARTS.sos);
    expect(() => stripMetadata('jpeg', file.subarray(0, sos + 6))).toThrow(
      new MalformedImageError('The file ends in the middle of a block.'),
    );
    expect(() => stripMetadata('jpeg', file.subarray(0, 2))).toThrow(
      new MalformedImageError('The JPEG file ends before its image data.'),
    );
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

describe('JPEG: every kind of marker, where real files put them', () => {
  const text = (where: string) => Buffer.from(`${marker}-${where}`, 'latin1');
  const bytes = (...b: number[]) => Buffer.from(b);
  /** Each part of the file, and whether the clean file keeps it. */
  const parts: [Buffer, boolean][] = [
    [bytes(0xff, 0xd8), true],
    // JFIF without a thumbnail: exactly its 16-byte form, kept as it is.
    [segment(0xe0, Buffer.concat([Buffer.from('JFIF\0'), bytes(1, 2, 1, 0, 72, 0, 72, 0, 0)])), true],
    // The JFIF extension's thumbnail (JFXX), a second APP0.
    [segment(0xe0, Buffer.concat([Buffer.from('JFXX\0'), bytes(0x10), text('jfxx')])), false],
    // Fill bytes before a marker are part of the marker's framing.
    [bytes(0xff, 0xff), true],
    [segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0'), text('exif')])), false],
    // Application segments that only begin like the kept ones.
    [segment(0xe2, Buffer.concat([Buffer.from('ICC_PROFILX\0'), text('icc-like')])), false],
    [segment(0xe2, Buffer.concat([Buffer.from('I'), text('one-byte-like-icc')])), false],
    [segment(0xee, Buffer.concat([Buffer.from('Adobf'), text('adobe-like')])), false],
    // The kept identifiers in other application segments.
    [segment(0xe1, Buffer.concat([Buffer.from('ICC_PROFILE\0'), text('icc-in-app1')])), false],
    [segment(0xe2, Buffer.concat([Buffer.from('Adobe'), text('adobe-in-app2')])), false],
    [segment(0xe0, Buffer.concat([Buffer.from('Adobe'), text('adobe-in-app0')])), false],
    [segment(0xe1, Buffer.concat([Buffer.from('JFIF\0'), text('jfif-in-app1')])), false],
    // Markers without a length outside a scan: restart markers and a repeated start of image.
    [bytes(0xff, 0xd0, 0xff, 0xd7, 0xff, 0xd8), true],
    [segment(0xef, text('app15')), false],
    // A segment too short for any identifier.
    [segment(0xe3, Buffer.alloc(0)), false],
    [segment(0xe2, Buffer.concat([Buffer.from('ICC_PROFILE\0'), bytes(1, 1), Buffer.alloc(30, 9)])), true],
    [segment(0xee, Buffer.concat([Buffer.from('Adobe'), bytes(0, 100, 0, 0, 0, 0, 1)])), true],
    [bytes(0xff, 0x01), true],
    [JPEG_IMAGE_PARTS.dqt, true],
    // A JPEG extension marker (JPEG-LS's frame header, 0xF7): image data, not an application segment.
    [segment(0xf7, bytes(8, 0, 1, 0, 1, 1, 1, 0x11, 0)), true],
    [segment(0xc2, bytes(8, 0, 1, 0, 1, 1, 1, 0x11, 0)), true],
    [JPEG_IMAGE_PARTS.dht, true],
    [JPEG_IMAGE_PARTS.sos, true],
    [JPEG_IMAGE_PARTS.scan, true],
    // A progressive file's next scan, with a comment between the two.
    [segment(0xfe, text('between-scans')), false],
    [JPEG_IMAGE_PARTS.dht, true],
    [JPEG_IMAGE_PARTS.sos, true],
    [bytes(0x01, 0xff, 0x00, 0xff, 0xd7, 0x02, 0xff, 0xff), true],
    [bytes(0xff, 0xd9), true],
  ];
  const file = Buffer.concat(parts.map(([part]) => part));
  const expected = Buffer.concat(parts.filter(([, kept]) => kept).map(([part]) => part));

  it('keeps the image and colour segments byte for byte, drops every other one, and ends at EOI', () => {
    const outputs = stripInPieces('jpeg', file, [1, 2, 3, 5, 17, 1 << 16]);
    for (const output of outputs) expect(output).toEqual(expected);
    expect(has(expected, marker)).toBe(false);
  });

  it('drops a JFIF segment too short to hold its fields', () => {
    const short = segment(0xe0, Buffer.concat([Buffer.from('JFIF\0'), bytes(1, 2, 1, 0, 72, 0, 72, 0)]));
    const cut = Buffer.concat([bytes(0xff, 0xd8), short, file.subarray(2 + parts[1]![0].length)]);
    expect(Buffer.from(stripMetadata('jpeg', cut))).toEqual(
      Buffer.concat([bytes(0xff, 0xd8), expected.subarray(2 + parts[1]![0].length)]),
    );
  });

  it('refuses a segment whose length is impossible, and a marker where one was expected but is missing', () => {
    const impossible = Buffer.concat([bytes(0xff, 0xd8), bytes(0xff, 0xdb, 0, 1), Buffer.alloc(20)]);
    expect(() => stripMetadata('jpeg', impossible)).toThrow(
      new MalformedImageError('A JPEG segment has an impossible length.'),
    );
    const expectedMarker = new MalformedImageError('A JPEG marker was expected.');
    const garbage = Buffer.concat([bytes(0xff, 0xd8), bytes(0x12, 0x34), Buffer.alloc(20)]);
    expect(() => stripMetadata('jpeg', garbage)).toThrow(expectedMarker);
    // Text between two tables is no scan data: refused, never copied into the clean file.
    const hidden = Buffer.concat([bytes(0xff, 0xd8), JPEG_IMAGE_PARTS.dqt, text('between-tables'), file.subarray(2)]);
    expect(() => stripMetadata('jpeg', hidden)).toThrow(expectedMarker);
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

describe('PNG: damaged files refused, each in its own words', () => {
  const { file, kept } = craftedPng(marker);
  const signature = kept[0]!;
  const refusal = (bytes: Buffer) => {
    try {
      stripMetadata('png', bytes);
      return 'cleaned';
    } catch (error) {
      return error instanceof MalformedImageError ? error.message : `other: ${String(error)}`;
    }
  };

  it('cleans a file that ends right after IEND', () => {
    const atEnd = Buffer.concat(kept);
    expect(Buffer.from(stripMetadata('png', atEnd))).toEqual(atEnd);
  });

  it('refuses a signature with any one byte changed (the last two are not looked at to recognise a PNG)', () => {
    for (let at = 0; at < 8; at++) {
      const other = Buffer.from(file);
      other[at] = other[at]! ^ 0x40;
      expect([at, refusal(other)]).toEqual([at, 'Not a PNG file.']);
    }
  });

  it('refuses a chunk whose type is not four letters, and one longer than PNG allows', () => {
    const bad = (chunk: Buffer) => Buffer.concat([signature, kept[1]!, chunk, ...kept.slice(2)]);
    expect(refusal(bad(pngChunk('tE1t', Buffer.from(`${marker}-digit`))))).toBe('A PNG chunk has an invalid type.');
    const huge = pngChunk('tEXt', Buffer.from(`${marker}-huge`));
    huge.writeUInt32BE(0x80000000, 0);
    expect(refusal(bad(huge))).toBe('A PNG chunk has an impossible length.');
  });

  it('refuses a file cut between two chunks before IEND, and one cut inside a chunk', () => {
    const beforeEnd = Buffer.concat(kept.slice(0, -1));
    expect(refusal(beforeEnd)).toBe('The PNG file ends before its IEND chunk.');
    expect(refusal(beforeEnd.subarray(0, beforeEnd.length - 3))).toBe('The file ends in the middle of a block.');
  });
});

describe('WebP: files ending at their RIFF size, and damaged ones', () => {
  const { file, image } = craftedWebp(marker);
  const riff = (...chunks: Buffer[]) => {
    const body = Buffer.concat(chunks);
    const head = Buffer.alloc(12);
    head.write('RIFF', 0, 'latin1');
    head.writeUInt32LE(body.length + 4, 4);
    head.write('WEBP', 8, 'latin1');
    return Buffer.concat([head, body]);
  };
  const refusal = (bytes: Buffer) => {
    try {
      stripMetadata('webp', bytes);
      return 'cleaned';
    } catch (error) {
      return error instanceof MalformedImageError ? error.message : `other: ${String(error)}`;
    }
  };

  it('cleans a file that ends right at its RIFF size, its last chunk a short one', () => {
    const exact = riff(image[1]!, riffChunk('XMP ', Buffer.from('x')));
    const clean = Buffer.from(stripMetadata('webp', exact));
    expect(clean).toEqual(riff(image[1]!));
    for (const size of [1, 3, 7]) expect(Buffer.from(stripMetadata('webp', exact, size))).toEqual(clean);
  });

  it('refuses a chunk that runs past the RIFF size into the bytes after it', () => {
    const xmp = riffChunk('XMP ', Buffer.from(`${marker}-xmp!`));
    const over = Buffer.concat([riff(image[1]!, xmp), Buffer.from(`${marker}-after`)]);
    // The last chunk claims two bytes more than the RIFF size leaves it.
    over.writeUInt32LE(over.readUInt32LE(12 + image[1]!.length + 4) + 2, 12 + image[1]!.length + 4);
    expect(refusal(over)).toBe('A WebP chunk runs past the file.');
  });

  it('refuses a VP8X chunk of another size than ten bytes', () => {
    const vp8x = riffChunk('VP8X', Buffer.concat([Buffer.from([0x0c]), Buffer.alloc(11), Buffer.from(marker)]));
    expect(refusal(riff(vp8x, image[1]!))).toBe('A WebP VP8X chunk has the wrong size.');
  });

  it('refuses another RIFF format, a file shorter than its header, and one cut between chunks', () => {
    for (const [at, text] of [
      [0, 'RIFX'],
      [8, 'WAVE'],
    ] as const) {
      const other = Buffer.from(file);
      other.write(text, at, 'latin1');
      expect(refusal(other)).toBe('Not a WebP file.');
    }
    expect(refusal(file.subarray(0, 11))).toBe('The WebP file ends before its RIFF size says.');
    const whole = riff(image[0]!, image[1]!);
    expect(refusal(whole.subarray(0, 12 + image[0]!.length))).toBe('The WebP file ends before its RIFF size says.');
  });
});

/** Each filter with what it holds between pushes made visible. */
class HeldJpeg extends JpegMetadataFilter {
  get held() {
    return this.queue.length;
  }
}
class HeldPng extends PngMetadataFilter {
  get held() {
    return this.queue.length;
  }
}
class HeldWebp extends WebpMetadataFilter {
  get held() {
    return this.queue.length;
  }
}

describe('memory: a filter holds a few header bytes between pieces, never the data after the image', () => {
  // Phones append depth maps and second images after the end of the first: megabytes the filter must drop as they
  // arrive, not keep until the file ends.
  const trailer = Buffer.alloc(256 * 1024, `${marker}-appended `);
  it.each([
    ['jpeg', () => new HeldJpeg(), craftedJpeg(marker)],
    ['png', () => new HeldPng(), craftedPng(marker).file],
    ['webp', () => new HeldWebp(), craftedWebp(marker).file],
  ] as const)('%s', (_format, make, file) => {
    const filter = make();
    const input = Buffer.concat([file, trailer]);
    let most = 0;
    const out: Uint8Array[] = [];
    for (let at = 0; at < input.length; at += 4096) {
      out.push(...filter.push(input.subarray(at, at + 4096)));
      most = Math.max(most, filter.held);
    }
    out.push(...filter.end());
    expect(most).toBeLessThan(32);
    expect(has(Buffer.concat(out), `${marker}-appended`)).toBe(false);
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

  it.each([
    ['jpeg', craftedJpeg('x'), 3],
    ['png', craftedPng('x').file, 6],
  ] as const)('recognises no %s whose signature differs in any one byte', (_format, file, signature) => {
    for (let at = 0; at < signature; at++) {
      const head = Buffer.from(file.subarray(0, 12));
      head[at] = head[at]! ^ 0x20;
      expect([at, sniffPhotoFormat(head)]).toEqual([at, null]);
    }
  });

  it('recognises a RIFF file of another kind (a WAV recording, an AVI video) as no photo', () => {
    const { file } = craftedWebp('x');
    for (const kind of ['WAVE', 'AVI ', 'WEBQ']) {
      const head = Buffer.from(file.subarray(0, 12));
      head.write(kind, 8, 'latin1');
      expect(sniffPhotoFormat(head)).toBeNull();
    }
    const notRiff = Buffer.from(file.subarray(0, 12));
    notRiff.write('RIFX', 0, 'latin1');
    expect(sniffPhotoFormat(notRiff)).toBeNull();
    expect(sniffPhotoFormat(file.subarray(0, 11))).toBeNull();
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
