import type { ByteFilter } from './byte-queue';
import { JpegMetadataFilter } from './jpeg';
import { PngMetadataFilter } from './png';
import { WebpMetadataFilter } from './webp';

export { MalformedImageError, type ByteFilter } from './byte-queue';

/** Photo formats whose metadata the browser removes before encryption. */
export type PhotoFormat = 'jpeg' | 'png' | 'webp';

/** How many leading bytes `sniffPhotoFormat` needs. */
export const SNIFF_BYTES = 12;

/**
 * The format by the file's first bytes, not its name or declared type (which
 * a renamed file would get wrong). Null for anything that is not one of the
 * photo formats cleaned here.
 */
export function sniffPhotoFormat(head: Uint8Array): PhotoFormat | null {
  const b = (i: number) => head[i];
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47 && b(4) === 0x0d && b(5) === 0x0a) return 'png';
  const text = (from: number) => String.fromCharCode(...head.subarray(from, from + 4));
  if (head.length >= 12 && text(0) === 'RIFF' && text(8) === 'WEBP') return 'webp';
  return null;
}

/**
 * A streaming filter that removes a photo's metadata (Exif with GPS, XMP,
 * IPTC, comments, text chunks, thumbnails) without re-encoding it. WebP needs
 * the output size in advance (see WebpMetadataFilter); pass it on the second pass.
 */
export function createMetadataFilter(format: PhotoFormat, outputSize?: number): ByteFilter {
  switch (format) {
    case 'jpeg':
      return new JpegMetadataFilter();
    case 'png':
      return new PngMetadataFilter();
    case 'webp':
      return new WebpMetadataFilter(outputSize);
  }
}

/** Runs a whole file through the filter (for tests and small inputs). */
export function stripMetadata(format: PhotoFormat, bytes: Uint8Array, chunkSize = 64 * 1024): Uint8Array {
  const run = (outputSize?: number) => {
    const filter = createMetadataFilter(format, outputSize);
    const parts: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += chunkSize) parts.push(...filter.push(bytes.subarray(at, at + chunkSize)));
    parts.push(...filter.end());
    return parts;
  };
  let parts = run();
  const size = parts.reduce((n, p) => n + p.length, 0);
  if (format === 'webp') parts = run(size);
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
