import type { SegmentIo, SendAnswer } from '../../../crypto/src/file-api';
import type { SendOrder } from './segment-sender';

/**
 * Uploads per sender worker before it is ended (segment-sender.ts says why
 * it is ended at all). Four segments (16 MiB) bound what Chromium keeps of
 * the bodies to about 32 MiB (a copy in the renderer and one in the browser
 * process) and cost one worker start per 16 MiB, a few milliseconds beside
 * the encryption's hundreds (measured: docs/benchmarks.md, "files").
 */
export const SENDS_PER_SENDER = 4;

const STOPPED: SendAnswer = {
  ok: false,
  status: 0,
  code: 'network',
  message: 'The upload was stopped.',
  retryAfter: null,
};

let sender: Worker | null = null;
let sends = 0;

function end(): void {
  sender?.terminate();
  sender = null;
  sends = 0;
}

/**
 * The crypto worker's uploads (crypto/src/file-api.ts, SegmentIo): one
 * encrypted segment per PUT, its buffer moved (not copied) to a sender
 * worker that this worker starts and ends. Runs inside the crypto worker:
 * no DOM. One upload at a time (the pipeline sends in order).
 */
export const segmentIo: SegmentIo = {
  send(upload, index, encryptedSegment, signal): Promise<SendAnswer> {
    if (signal.aborted) return Promise.resolve(STOPPED);
    sender ??= new Worker(new URL('./segment-sender.ts', import.meta.url), { type: 'module', name: 'segment-sender' });
    const worker = sender;
    return new Promise<SendAnswer>((resolve) => {
      const finish = (answer: SendAnswer) => {
        signal.removeEventListener('abort', stop);
        worker.onmessage = null;
        worker.onerror = null;
        // Ended after a few uploads, or at once when stopped or broken: its heap, and the bodies it holds, go.
        if (answer.ok && ++sends < SENDS_PER_SENDER) {
          resolve(answer);
          return;
        }
        if (sender === worker) end();
        else worker.terminate();
        resolve(answer);
      };
      // Ending the worker cancels its request.
      const stop = () => finish(STOPPED);
      signal.addEventListener('abort', stop);
      worker.onmessage = (event: MessageEvent<SendAnswer>) => finish(event.data);
      worker.onerror = () => finish({ ...STOPPED, message: 'The upload worker failed.' });
      const { buffer, byteOffset, byteLength } = encryptedSegment;
      const order: SendOrder = { upload, index, buffer, byteOffset, byteLength };
      worker.postMessage(order, [buffer]);
    });
  },
};
