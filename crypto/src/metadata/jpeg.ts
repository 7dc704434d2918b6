import { MalformedImageError, SegmentedFilter } from './byte-queue';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const startsWith = (bytes: Uint8Array, prefix: Uint8Array) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

const JFIF = ascii('JFIF\0');
const ICC_PROFILE = ascii('ICC_PROFILE\0');
const ADOBE = ascii('Adobe');
/** The longest identifier looked at (ICC_PROFILE\0 is 12), and the JFIF fields kept (14). */
const IDENTIFIER_BYTES = 14;

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP2 = 0xe2;
const APP14 = 0xee;
const COM = 0xfe;

type State = 'start' | 'marker' | 'scan' | 'done';

/**
 * Removes metadata from a JPEG without touching its image data:
 * - dropped: APP1 (Exif with GPS, camera serials and thumbnails; XMP),
 *   APP13 (Photoshop/IPTC), COM (comments), every other APPn (makers' notes,
 *   multi-picture data) and everything after the end-of-image marker (phones
 *   append depth maps and second images there, each with its own Exif);
 * - kept: the JFIF header (its optional thumbnail, which can show an image
 *   from before a crop, is cut to zero size), ICC colour profiles (APP2
 *   ICC_PROFILE), the Adobe colour-transform marker (APP14, needed to decode
 *   CMYK), and every table, frame and scan byte for byte.
 * The orientation tag is Exif too, so a rotated photo may show sideways.
 */
export class JpegMetadataFilter extends SegmentedFilter {
  #state: State = 'start';

  protected need(): number {
    switch (this.#state) {
      case 'start':
        return 2;
      case 'marker': {
        if (this.queue.length < 2) return 2;
        const marker = this.queue.at(1);
        // EOI has no length: a file that ends right after it (most do) must not wait for two more bytes.
        if (this.queue.at(0) !== 0xff || marker === 0xff || marker === EOI || isStandalone(marker)) return 2;
        if (this.queue.length < 4) return 4;
        const length = (this.queue.at(2) << 8) | this.queue.at(3);
        const identifier = Math.min(Math.max(length - 2, 0), IDENTIFIER_BYTES);
        return isApplication(marker) ? 4 + identifier : 4;
      }
      case 'scan':
        // A lone byte left at the end goes to finish(), which copies it.
        return 2;
      case 'done':
        return this.queue.length > 0 ? 1 : 0;
    }
  }

  protected step(): void {
    const q = this.queue;
    switch (this.#state) {
      case 'start': {
        if (q.at(0) !== 0xff || q.at(1) !== SOI) throw new MalformedImageError('Not a JPEG file.');
        this.copy(2);
        this.#state = 'marker';
        return;
      }
      case 'marker':
        return this.#marker();
      case 'scan':
        return this.#scan();
      case 'done':
        // Trailing data after the end of the image is never needed to show it.
        this.skip(q.length);
        return;
    }
  }

  #marker(): void {
    const q = this.queue;
    if (q.at(0) !== 0xff) throw new MalformedImageError('A JPEG marker was expected.');
    const marker = q.at(1);
    if (marker === 0xff) {
      // A fill byte before a marker.
      this.copy(1);
      return;
    }
    if (marker === EOI) {
      this.copy(2);
      this.#state = 'done';
      return;
    }
    if (isStandalone(marker)) {
      this.copy(2);
      return;
    }
    const length = (q.at(2) << 8) | q.at(3);
    if (length < 2) throw new MalformedImageError('A JPEG segment has an impossible length.');
    if (isApplication(marker)) {
      const identifier = q.peek(4 + Math.min(length - 2, IDENTIFIER_BYTES)).subarray(4);
      if (marker === APP0 && startsWith(identifier, JFIF) && length >= 16) {
        // Keep the JFIF fields, drop the thumbnail that may follow them.
        const header = q.peek(4 + IDENTIFIER_BYTES);
        header[2] = 0;
        header[3] = 16;
        header[4 + 12] = 0;
        header[4 + 13] = 0;
        this.emit(header);
        this.skip(length + 2);
        return;
      }
      const keep =
        (marker === APP2 && startsWith(identifier, ICC_PROFILE)) || (marker === APP14 && startsWith(identifier, ADOBE));
      if (keep) this.copy(length + 2);
      else this.skip(length + 2);
      return;
    }
    this.copy(length + 2);
    if (marker === SOS) this.#state = 'scan';
  }

  /** Entropy-coded data: copied until a marker that is not a stuffed byte or a restart marker. */
  #scan(): void {
    const q = this.queue;
    const ff = q.indexOf(0xff);
    if (ff < 0) {
      this.copy(q.length);
      return;
    }
    if (ff > 0) {
      this.copy(ff);
      return;
    }
    const next = q.at(1);
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
      this.copy(2);
      return;
    }
    // A marker (the next scan's tables, or the end of the image).
    this.#state = 'marker';
  }

  protected finish(): void {
    if (this.#state === 'done') return;
    // Many files end a few bytes early or without EOI; their scan data is still the image.
    if (this.#state === 'scan') {
      this.copy(this.queue.length);
      return;
    }
    throw new MalformedImageError('The JPEG file ends before its image data.');
  }
}

/** APPn segments and COM: dropped unless one of the identifiers kept above. */
function isApplication(marker: number): boolean {
  return (marker >= APP0 && marker <= 0xef) || marker === COM;
}

/** Markers without a length: restart markers, TEM, and SOI (EOI is handled apart). */
function isStandalone(marker: number): boolean {
  return (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === SOI;
}
