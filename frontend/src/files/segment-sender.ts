/**
 * A short-lived worker that uploads encrypted segments for the crypto worker
 * (segment-io.ts), which ends it after a few uploads. Why it exists: Chromium
 * keeps each upload's body (a copy of the 4 MiB segment, in the renderer and,
 * for a Blob, again in the browser process) until the JavaScript heap that
 * made the request collects its garbage, and a heap that only moves buffers
 * it frees itself (crypto/src/release.ts) almost never collects: a 1 GiB file
 * left about 1.2 GiB in the browser's processes. Ending the worker frees its
 * heap, and every body with it, at a moment the pipeline chooses
 * (docs/benchmarks.md, "files").
 */
import type { SendAnswer } from '../../../crypto/src/file-api';

export interface SendOrder {
  upload: { id: string; uploadToken: string };
  index: number;
  /** The segment's buffer, moved here; the bytes are `[byteOffset, byteOffset + byteLength)`. */
  buffer: ArrayBuffer;
  byteOffset: number;
  byteLength: number;
}

async function send({ upload, index, buffer, byteOffset, byteLength }: SendOrder): Promise<SendAnswer> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/attachments/${encodeURIComponent(upload.id)}/segments/${index}`, {
      method: 'PUT',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/octet-stream',
        Authorization: `Bearer ${upload.uploadToken}`,
      },
      // As a Blob: Chromium sent an ArrayBuffer body about five times slower (measured: 518 vs 112 ms per
      // 4 MiB to this server), which made uploads, not encryption, the pipeline's bottleneck.
      body: new Blob([new Uint8Array(buffer, byteOffset, byteLength)], { type: 'application/octet-stream' }),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    return { ok: false, status: 0, code: 'network', message: 'The server could not be reached.', retryAfter: null };
  } finally {
    // The Blob holds its own copy: this one is not needed any more.
    (buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer }).transfer?.(0);
  }
  const payload = (await response.json().catch(() => null)) as {
    received?: number;
    error?: { code?: string; message?: string };
  } | null;
  if (response.ok) return { ok: true, received: payload?.received ?? index + 1 };
  return {
    ok: false,
    status: response.status,
    code: payload?.error?.code ?? 'http_error',
    message: payload?.error?.message ?? response.statusText,
    retryAfter: Number(response.headers.get('Retry-After')) || null,
  };
}

const scope = globalThis as unknown as {
  onmessage: ((event: { data: SendOrder }) => void) | null;
  postMessage(answer: SendAnswer): void;
};
scope.onmessage = ({ data }) => {
  void send(data).then((answer) => scope.postMessage(answer));
};
