import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The text of a PDF as pdf.js extracts it (tests/support/pdf-text-reader.mjs). */
export function pdfText(pdf: Uint8Array): string {
  return execFileSync(process.execPath, [path.join(__dirname, 'pdf-text-reader.mjs')], {
    input: pdf,
    maxBuffer: 16 * 1024 * 1024,
  }).toString('utf8');
}
