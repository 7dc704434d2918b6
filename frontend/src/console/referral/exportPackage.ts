import type { FileSink } from '../../files/saveAttachment';
import { tarEnd, tarHeader, tarPadding } from './tar';

/**
 * The package a receiving body gets (docs/protocol.md, "Exporting a
 * referral"): a tar archive of OpenPGP messages, each encrypted to the
 * destination key alone:
 * - `README.txt`: how to open it (the only plaintext; it names nothing of the case);
 * - `referral.pdf.gpg`: the referral document;
 * - `evidence-NN/part-NNNN.gpg`: each evidence file, decrypted in the browser
 *   segment by segment and re-encrypted, segment by segment (concatenating the
 *   decrypted parts in order gives the file);
 * - `manifest.json.gpg`: the file names, sizes and SHA-256 of the plaintexts.
 * No internal identifier (report, referral or file id) goes in.
 */
export interface ExportFile {
  /** The stored attachment's id: used to fetch it, never written into the package. */
  id: string;
  segments: number;
  name: string;
  size: number;
  /** The SHA-256 the report gave; the decrypted file must match it or the export stops. */
  sha256: string;
}

export interface ExportManifest {
  format: 'whistle412-export';
  version: 1;
  referral: { name: string; entry: string; size: number; sha256: string };
  evidence: { name: string; size: number; sha256: string; entries: string[] }[];
}

export interface ExportDeps {
  getSegment(id: string, index: number, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer>>;
  decryptFileSegment(options: { encryptedSegment: Uint8Array }): Promise<{ plaintext: Uint8Array<ArrayBuffer> }>;
  encryptForDestination(options: { plaintext: Uint8Array }): Promise<{ encryptedMessage: Uint8Array<ArrayBuffer> }>;
  startHash(): Promise<{ hashRef: string }>;
  updateHash(options: { hashRef: string; bytes: Uint8Array }): Promise<unknown>;
  finishHash(options: { hashRef: string }): Promise<{ sha256: string }>;
}

export class EvidenceMismatch extends Error {
  constructor(readonly fileName: string) {
    super(`the decrypted file ${fileName} does not match the SHA-256 in the report`);
  }
}

export const README = `This package holds OpenPGP messages encrypted to your key only.

  gpg --decrypt manifest.json.gpg        file names, sizes and SHA-256 of every file
  gpg --decrypt referral.pdf.gpg > referral.pdf
  for p in evidence-01/part-*.gpg; do gpg --decrypt "$p"; done > <name from the manifest>

Each evidence file is cut into parts; decrypting its parts in order and joining them gives the file,
whose SHA-256 the manifest states.
`;

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) => String(n).padStart(4, '0');
const utf8 = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;

export async function writeExportPackage({
  pdf,
  pdfName,
  files,
  sink,
  deps,
  onProgress = () => {},
  signal,
}: {
  pdf: Uint8Array;
  /** The PDF's name inside the manifest (the outgoing number, say). */
  pdfName: string;
  files: ExportFile[];
  sink: FileSink;
  deps: ExportDeps;
  onProgress?(done: number, total: number): void;
  signal: AbortSignal;
}): Promise<ExportManifest> {
  const total = 2 + files.reduce((sum, f) => sum + f.segments, 0);
  let done = 0;
  const entry = async (name: string, bytes: Uint8Array<ArrayBuffer>) => {
    await sink.write(tarHeader(name, bytes.length));
    await sink.write(bytes);
    const padding = tarPadding(bytes.length);
    if (padding.length > 0) await sink.write(padding);
  };
  const sealed = async (name: string, plaintext: Uint8Array) => {
    const { encryptedMessage } = await deps.encryptForDestination({ plaintext });
    await entry(name, encryptedMessage);
    onProgress(++done, total);
    if (signal.aborted) throw signal.reason;
  };
  const hashOf = async (parts: Uint8Array[]) => {
    const { hashRef } = await deps.startHash();
    for (const bytes of parts) await deps.updateHash({ hashRef, bytes });
    return (await deps.finishHash({ hashRef })).sha256;
  };

  try {
    await entry('README.txt', utf8(README));
    const manifest: ExportManifest = {
      format: 'whistle412-export',
      version: 1,
      referral: { name: pdfName, entry: 'referral.pdf.gpg', size: pdf.length, sha256: await hashOf([pdf.slice()]) },
      evidence: [],
    };
    await sealed('referral.pdf.gpg', pdf);
    for (const [i, file] of files.entries()) {
      const folder = `evidence-${pad2(i + 1)}`;
      const { hashRef } = await deps.startHash();
      const entries: string[] = [];
      let size = 0;
      let fetching = deps.getSegment(file.id, 0, signal);
      for (let index = 0; index < file.segments; index++) {
        const encryptedSegment = await fetching;
        if (index + 1 < file.segments) {
          fetching = deps.getSegment(file.id, index + 1, signal);
          fetching.catch(() => {}); // awaited on the next round
        }
        const { plaintext } = await deps.decryptFileSegment({ encryptedSegment });
        size += plaintext.length;
        // The hash worker gets a copy; the destination's encryption gets the original.
        await deps.updateHash({ hashRef, bytes: plaintext.slice() });
        const name = `${folder}/part-${pad4(index + 1)}.gpg`;
        await sealed(name, plaintext);
        entries.push(name);
      }
      const { sha256 } = await deps.finishHash({ hashRef });
      if (sha256 !== file.sha256.toLowerCase() || size !== file.size) throw new EvidenceMismatch(file.name);
      manifest.evidence.push({ name: file.name, size, sha256, entries });
    }
    await sealed('manifest.json.gpg', utf8(JSON.stringify(manifest, null, 2)));
    await sink.write(tarEnd());
    await sink.close();
    return manifest;
  } catch (error) {
    await sink.abort().catch(() => {});
    throw error;
  }
}
