import type { FileSink } from '../../files/saveAttachment';

/** Hands bytes to the browser as a download (an object URL and a link with `download`). */
export function downloadBytes(parts: BlobPart[], name: string, type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to start the download.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Where file-system access is missing, an export is gathered into a Blob
 * (Chromium and Firefox keep large Blobs on disk, not in the page's memory)
 * and downloaded at the end: its size is not known beforehand, which the
 * streamed download of a single file needs.
 */
export function blobDownloadSink(name: string): FileSink {
  let parts: BlobPart[] = [];
  return {
    write: async (bytes) => void parts.push(bytes),
    close: async () => {
      downloadBytes(parts, name, 'application/x-tar');
      parts = [];
    },
    abort: async () => {
      parts = [];
    },
  };
}
