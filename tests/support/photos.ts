/**
 * Crafted photo fixtures with metadata in every place a camera or editor
 * puts it, and a reader for the GPS position that shares no code with the
 * product's filter (so a test of the filter is not the filter checking itself).
 */
const ascii = (text: string) => Buffer.from(text, 'latin1');

/** A JPEG marker segment: FF, the marker, the two-byte length (payload + 2), the payload. */
export function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** A position (degrees, minutes, seconds) written as GPS rationals. */
export const FIXTURE_GPS = { latitude: [43, 14, 3721], longitude: [76, 53, 1582] } as const;

/**
 * An Exif block (little-endian TIFF): IFD0 with Make, Model and a pointer to
 * a GPS IFD holding latitude and longitude.
 */
export function exifWithGps(marker: string): Buffer {
  const entries: [number, number, number, Buffer][] = [];
  // Layout: header 8, IFD0 at 8 (3 entries), GPS IFD after it (4 entries), then values.
  const ifd0At = 8;
  const ifd0Size = 2 + 3 * 12 + 4;
  const gpsAt = ifd0At + ifd0Size;
  const gpsSize = 2 + 4 * 12 + 4;
  let valuesAt = gpsAt + gpsSize;
  const values: Buffer[] = [];
  const value = (bytes: Buffer) => {
    const at = valuesAt;
    values.push(bytes);
    valuesAt += bytes.length;
    return at;
  };
  const make = ascii(`${marker}-camera\0`);
  const model = ascii(`${marker}-model\0`);
  entries.push([0x010f, 2, make.length, make], [0x0110, 2, model.length, model]);
  const rationals = (parts: readonly number[]) => {
    const b = Buffer.alloc(24);
    parts.forEach((p, i) => {
      b.writeUInt32LE(p, i * 8);
      b.writeUInt32LE(i === 2 ? 100 : 1, i * 8 + 4);
    });
    return b;
  };
  const ifd = (list: [number, number, number, Buffer | number][], next = 0) => {
    const b = Buffer.alloc(2 + list.length * 12 + 4);
    b.writeUInt16LE(list.length, 0);
    list.forEach(([tag, type, count, data], i) => {
      const at = 2 + i * 12;
      b.writeUInt16LE(tag, at);
      b.writeUInt16LE(type, at + 2);
      b.writeUInt32LE(count, at + 4);
      if (typeof data === 'number') b.writeUInt32LE(data, at + 8);
      else if (data.length <= 4) data.copy(b, at + 8);
      else b.writeUInt32LE(value(data), at + 8);
    });
    b.writeUInt32LE(next, 2 + list.length * 12);
    return b;
  };
  const ifd0 = ifd([...entries, [0x8825, 4, 1, gpsAt]]);
  const gps = ifd([
    [1, 2, 2, ascii('N\0')],
    [2, 5, 3, rationals(FIXTURE_GPS.latitude)],
    [3, 2, 2, ascii('E\0')],
    [4, 5, 3, rationals(FIXTURE_GPS.longitude)],
  ]);
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]);
  return Buffer.concat([ascii('Exif\0\0'), header, ifd0, gps, ...values]);
}

/** The metadata blocks a phone or an editor adds to a JPEG, each carrying `marker` as text. */
export function jpegMetadata(marker: string): Buffer {
  const xmp = ascii(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description creator="${marker}-xmp"/></x:xmpmeta>`);
  const iptc = Buffer.concat([ascii('Photoshop 3.0\x008BIM'), Buffer.from([4, 4, 0, 0]), ascii(`${marker}-iptc`)]);
  const mpf = Buffer.concat([ascii('MPF\0'), ascii(`${marker}-mpf`)]);
  return Buffer.concat([
    segment(0xe1, exifWithGps(marker)),
    segment(0xe1, xmp),
    segment(0xed, iptc),
    segment(0xe2, mpf),
    segment(0xfe, ascii(`${marker}-comment`)),
  ]);
}

/** Inserts metadata right after a JPEG's SOI (and its JFIF header, if any), as cameras write it. */
export function addJpegMetadata(jpeg: Buffer, marker: string): Buffer {
  let at = 2;
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0) at = 4 + jpeg.readUInt16BE(4);
  return Buffer.concat([jpeg.subarray(0, at), jpegMetadata(marker), jpeg.subarray(at), ascii(`${marker}-trailer`)]);
}

/** Parts of a crafted JPEG that must survive cleaning byte for byte. */
export const JPEG_IMAGE_PARTS = {
  icc: segment(0xe2, Buffer.concat([ascii('ICC_PROFILE\0'), Buffer.from([1, 1]), Buffer.alloc(40, 7)])),
  adobe: segment(0xee, Buffer.concat([ascii('Adobe'), Buffer.from([0, 100, 0, 0, 0, 0, 1])])),
  dqt: segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
  sof: segment(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
  dht: segment(0xc4, Buffer.concat([Buffer.from([0]), Buffer.alloc(16, 0), Buffer.from([])])),
  sos: segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
  // Entropy-coded data with a stuffed 0xFF00, restart markers and fill bytes.
  scan: Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0xff, 0xd1, 0x9a, 0xff, 0x00, 0xbc]),
};

/** The smallest valid JPEG of these parts: tables, a scan and EOI, without metadata or colour blocks. */
export function bareJpeg(): Buffer {
  const p = JPEG_IMAGE_PARTS;
  return Buffer.concat([Buffer.from([0xff, 0xd8]), p.dqt, p.sof, p.dht, p.sos, p.scan, Buffer.from([0xff, 0xd9])]);
}

/**
 * A crafted JPEG: SOI, JFIF with a thumbnail, every kind of metadata, colour
 * blocks that must stay, tables, a scan, EOI and a trailer.
 */
export function craftedJpeg(marker: string): Buffer {
  const jfif = segment(
    0xe0,
    Buffer.concat([ascii('JFIF\0'), Buffer.from([1, 2, 0, 0, 1, 0, 1, 2, 1]), Buffer.alloc(2 * 1 * 3, 0xab)]),
  );
  const p = JPEG_IMAGE_PARTS;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jfif,
    jpegMetadata(marker),
    p.icc,
    p.adobe,
    p.dqt,
    p.sof,
    p.dht,
    p.sos,
    p.scan,
    Buffer.from([0xff, 0xd9]),
    ascii(`${marker}-trailer`),
  ]);
}

/** A PNG chunk: length, type, data and a fixed CRC (never checked by the filter). */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  // CRCs are copied as they are, never checked: a fixed value is enough here.
  return Buffer.concat([head, data, Buffer.from([0xde, 0xad, 0xbe, 0xef])]);
}

export function craftedPng(marker: string): { file: Buffer; kept: Buffer[] } {
  const kept = [
    pngChunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])),
    pngChunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f])),
    pngChunk('IDAT', Buffer.alloc(300, 0x5a)),
    pngChunk('IDAT', Buffer.alloc(5, 0x11)),
    pngChunk('IEND', Buffer.alloc(0)),
  ];
  const file = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    kept[0]!,
    pngChunk('tEXt', ascii(`Author\0${marker}-text`)),
    pngChunk('iTXt', ascii(`XML:com.adobe.xmp\0\0\0\0\0${marker}-xmp`)),
    pngChunk('zTXt', ascii(`Comment\0\0${marker}-ztxt`)),
    pngChunk('eXIf', exifWithGps(marker).subarray(6)),
    pngChunk('tIME', Buffer.from([7, 234, 11, 25, 10, 37, 42])),
    kept[1]!,
    pngChunk('prVt', ascii(`${marker}-private`)),
    kept[2]!,
    kept[3]!,
    kept[4]!,
    ascii(`${marker}-trailer`),
  ]);
  return { file, kept: [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...kept] };
}

/** A RIFF chunk: FourCC, little-endian size, data and the pad byte an odd size needs. */
export function riffChunk(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

export function craftedWebp(marker: string): { file: Buffer; vp8x: Buffer; image: Buffer[] } {
  const vp8x = Buffer.alloc(10);
  vp8x[0] = 0x08 | 0x04 | 0x20; // EXIF, XMP and ICC flags
  const image = [riffChunk('ICCP', Buffer.alloc(21, 3)), riffChunk('VP8 ', Buffer.alloc(101, 0x9d))];
  const body = Buffer.concat([
    riffChunk('VP8X', vp8x),
    image[0]!,
    image[1]!,
    riffChunk('EXIF', exifWithGps(marker).subarray(6)),
    riffChunk('XMP ', ascii(`<x:xmpmeta>${marker}-xmp</x:xmpmeta>`)),
    riffChunk('ZZZZ', ascii(`${marker}-unknown`)),
  ]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return { file: Buffer.concat([head, body, ascii(`${marker}-trailer`)]), vp8x, image };
}

/** The GPS latitude a JPEG's Exif block holds, or null: walks the markers and the TIFF structure itself. */
export function readJpegGps(jpeg: Uint8Array): { latitude: number[]; longitude: number[] } | null {
  const bytes = Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda || marker === 0xd9) break;
    const length = bytes.readUInt16BE(at + 2);
    const payload = bytes.subarray(at + 4, at + 2 + length);
    if (marker === 0xe1 && payload.subarray(0, 6).toString('latin1') === 'Exif\0\0')
      return readTiffGps(payload.subarray(6));
    at += 2 + length;
  }
  return null;
}

function readTiffGps(tiff: Buffer): { latitude: number[]; longitude: number[] } | null {
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const entries = (ifd: number) =>
    Array.from({ length: u16(ifd) }, (_, i) => ({ tag: u16(ifd + 2 + i * 12), at: ifd + 2 + i * 12 }));
  const gpsPointer = entries(u32(4)).find((e) => e.tag === 0x8825);
  if (!gpsPointer) return null;
  const gps = entries(u32(gpsPointer.at + 8));
  const rationals = (tag: number) => {
    const entry = gps.find((e) => e.tag === tag);
    if (!entry) return [];
    const offset = u32(entry.at + 8);
    return [0, 1, 2].map((i) => u32(offset + i * 8) / u32(offset + i * 8 + 4));
  };
  return { latitude: rationals(2), longitude: rationals(4) };
}
