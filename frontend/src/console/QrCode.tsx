import { useMemo } from 'react';
import encodeQR from 'qr';

/** White modules around the code, as the QR standard asks, so a camera finds its edge. */
const QUIET_ZONE = 4;

/** The matrix of modules (true: dark), quiet zone included. */
export const qrMatrix = (text: string) => encodeQR(text, 'raw', { ecc: 'medium', border: QUIET_ZONE });

/** The dark modules of a QR matrix as one SVG path: a 1×1 square per module, in module units. */
export function qrPath(matrix: boolean[][]): string {
  const parts: string[] = [];
  matrix.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
    }),
  );
  return parts.join('');
}

/**
 * A QR code drawn here as SVG elements (no image, no data: URL, which the
 * CSP forbids anyway): the text never leaves the page. Medium error
 * correction, as authenticator apps expect for otpauth URIs.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const matrix = useMemo(() => qrMatrix(text), [text]);
  const size = matrix.length;
  return (
    <svg
      className="qr-code"
      data-testid="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={qrPath(matrix)} fill="#000" />
    </svg>
  );
}
