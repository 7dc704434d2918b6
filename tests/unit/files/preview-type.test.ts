import { isPdf, previewType } from '../../../frontend/src/files/saveAttachment';

/**
 * What the console previews, from the decrypted bytes: images only. A PDF in
 * the preview's sandboxed frame (no scripts, no plugins) showed Chromium's
 * blocked-plugin page, an empty grey box, so a PDF is named as such and saved
 * instead of previewed.
 */
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

it('images are previewed as the type their bytes say, whatever the name', () => {
  expect(previewType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
  expect(previewType(bytes([0x89], 'PNG\r\n'))).toBe('image/png');
  expect(previewType(bytes('GIF89a'))).toBe('image/gif');
  expect(previewType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
});

it('a PDF is not previewed in the sandboxed frame, and is recognised so the console can say why', () => {
  const pdf = bytes('%PDF-1.7\n');
  expect(previewType(pdf)).toBeNull();
  expect(isPdf(pdf)).toBe(true);
  expect(isPdf(bytes('%PD'))).toBe(false);
  expect(isPdf(bytes([0xff, 0xd8, 0xff]))).toBe(false);
});

it('anything else is neither', () => {
  const text = bytes('Записка'.normalize());
  expect(previewType(text)).toBeNull();
  expect(isPdf(text)).toBe(false);
  expect(previewType(new Uint8Array(0))).toBeNull();
});
