/**
 * The few parts of a POSIX ustar archive the export package needs: a header
 * per entry, padding to 512 octets, and the end. The package is written
 * entry by entry to a file sink, so no whole archive is ever held. Names are
 * ASCII and short (the package's own neutral names; file names travel only
 * inside the encrypted manifest); times are 0 and owners empty, so the
 * archive says nothing of who made it or when.
 */
const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

export function tarHeader(name: string, size: number): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9._/-]{1,99}$/.test(name)) throw new Error(`not a package entry name: ${name}`);
  const header = new Uint8Array(BLOCK);
  const put = (text: string, offset: number) => {
    for (let i = 0; i < text.length; i++) header[offset + i] = text.charCodeAt(i);
  };
  put(name, 0);
  put(octal(0o644, 8), 100);
  put(octal(0, 8), 108);
  put(octal(0, 8), 116);
  put(octal(size, 12), 124);
  put(octal(0, 12), 136);
  put('        ', 148); // the checksum counts its own field as spaces
  put('0', 156);
  put('ustar\0', 257);
  put('00', 263);
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  put(`${checksum.toString(8).padStart(6, '0')}\0 `, 148);
  return header;
}

/** Zeros from the end of an entry of `size` octets to the next block. */
export function tarPadding(size: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Two empty blocks end an archive. */
export const tarEnd = () => new Uint8Array(2 * BLOCK);
