import type { SegmentIo, SendAnswer } from '../../../crypto/src/file-api';

/**
 * The crypto worker's uploads (crypto/src/file-api.ts, SegmentIo): one
 * encrypted segment per PUT, sent from the worker where it was encrypted.
 * Runs inside the worker: no DOM, only fetch.
 */
export const segmentIo: SegmentIo = {
  async send(upload, index, encryptedSegment, signal): Promise<SendAnswer> {
    let response: Response;
    try {
      response = await fetch(`/api/v1/attachments/${encodeURIComponent(upload.id)}/segments/${index}`, {
        method: 'PUT',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/octet-stream',
          Authorization: `Bearer ${upload.uploadToken}`,
        },
        // As a Blob: Chromium sends an ArrayBuffer body about five times slower (measured: 518 vs 112 ms per
        // 4 MiB to this server), which made uploads, not encryption, the pipeline's bottleneck.
        body: new Blob([encryptedSegment], { type: 'application/octet-stream' }),
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        signal,
      });
    } catch {
      return { ok: false, status: 0, code: 'network', message: 'The server could not be reached.', retryAfter: null };
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
  },
};
